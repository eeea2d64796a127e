// Loaded in <head>, before the page paints: picks the page language so that only one of the three
// written versions of each text is ever shown. Order: ?lang=, then the visitor's earlier choice
// (kept in this browser only), then the browser's languages (es-MX counts as es); French, English
// or Spanish, English when none of them is asked for.
(function () {
  var known = { fr: true, en: true, es: true };
  var pick = null;
  try {
    var q = new URLSearchParams(location.search).get('lang');
    if (known.hasOwnProperty(q)) pick = q;
    if (!pick) {
      var saved = localStorage.getItem('vigie-lang');
      if (known.hasOwnProperty(saved)) pick = saved;
    }
  } catch (e) { /* storage may be blocked: fine */ }
  if (!pick) {
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'fr'];
    for (var i = 0; i < langs.length && !pick; i++) {
      var l = String(langs[i]).toLowerCase().split(/[-_]/)[0];
      if (known.hasOwnProperty(l)) pick = l;
    }
  }
  document.documentElement.lang = pick || 'en';
})();
