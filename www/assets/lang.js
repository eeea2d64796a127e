// Loaded in <head>, before the page paints: picks the page language so that only one of the two
// written versions of each text is ever shown. Order: ?lang=, then the visitor's earlier choice
// (kept in this browser only), then the browser's languages; French or English.
(function () {
  var pick = null;
  try {
    var q = new URLSearchParams(location.search).get('lang');
    if (q === 'fr' || q === 'en') pick = q;
    if (!pick) {
      var saved = localStorage.getItem('vigie-lang');
      if (saved === 'fr' || saved === 'en') pick = saved;
    }
  } catch (e) { /* storage may be blocked: fine */ }
  if (!pick) {
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'fr'];
    for (var i = 0; i < langs.length && !pick; i++) {
      var l = String(langs[i]).toLowerCase().slice(0, 2);
      if (l === 'fr' || l === 'en') pick = l;
    }
  }
  document.documentElement.lang = pick || 'en';
})();
