// Sample conversations for the playground. All written for Vigie's demo: invented people, invented
// messages (modelled on the scam's well-known steps, no real conversation copied). Each is shown
// as an example in the page.
//
// `me` is the sender who plays the user; `format` how to read the text; `minor` turns minor mode on.

export const SAMPLES = [
  {
    id: 'fr-webcam',
    lang: 'fr',
    kind: 'scam',
    title: { fr: 'Arnaque à la webcam', en: 'Webcam blackmail (French)', es: 'Chantaje por webcam (francés)' },
    format: 'named',
    me: 'Julien',
    text: `Léa: Coucou Julien, je t'ai vu sur le site, tu as un sourire magnifique 😍
Julien: Salut Léa, merci c'est gentil
Léa: Je n'ai jamais ressenti ça aussi vite pour quelqu'un, tu es l'homme de ma vie
Léa: Ce site bug tout le temps, ajoute-moi sur WhatsApp ou Skype, on sera plus tranquilles
Julien: ok je t'ajoute sur WhatsApp
Léa: Tu vis seul ? Tu travailles où ? Envoie-moi le lien de ton Facebook
Léa: J'ai envie de te voir ce soir en webcam, on se déshabille tous les deux 🔥
Julien: euh bon d'accord
Léa: J'ai tout enregistré. Si tu ne me payes pas, j'envoie la vidéo à toute ta famille et à tes amis Facebook.
Julien: quoi ?? arrête s'il te plaît
Léa: Tu as 24 heures. 300 euros en coupons PCS ou Transcash, tu m'envoies les codes, sinon je publie tout sur YouTube.`,
  },
  {
    id: 'en-teen',
    lang: 'en',
    kind: 'scam',
    title: { fr: 'Un ado piégé (anglais)', en: 'A teenager targeted', es: 'Un adolescente en la trampa (inglés)' },
    format: 'named',
    me: 'Sam',
    minor: true,
    text: `jess.xo: hey you're so cute!! how old are you?
Sam: 15 why
jess.xo: omg same 😊 are your parents home? don't tell anyone we talk ok, it's our secret
jess.xo: add me on snap it's easier
jess.xo: I sent you a pic, now send me one of you without your shirt
Sam: idk...
jess.xo: I screenshotted everything. If you don't pay I will send your pics to all your followers and your school
jess.xo: you have 2 hours. send $200 in Steam gift cards and the codes or everyone sees it`,
  },
  {
    id: 'fr-email',
    lang: 'fr',
    kind: 'scam',
    title: { fr: 'Le faux e-mail « j’ai piraté votre webcam »', en: '“I hacked your webcam” e-mail (French)', es: 'El falso correo «he hackeado tu webcam» (francés)' },
    format: 'single',
    me: null,
    text: `Bonjour,

J'ai piraté votre ordinateur il y a quelques mois et j'ai installé un logiciel espion sur votre appareil. J'ai accès à votre webcam, à vos mots de passe et à tous vos contacts.

J'ai enregistré une vidéo de vous pendant que vous regardiez des sites pour adultes.

Envoyez-moi 1500 € en bitcoin sous 48 heures. Sinon, j'enverrai la vidéo à tous vos contacts, à votre famille et à vos collègues.

Ne répondez pas à ce message et n'allez pas à la police.`,
  },
  {
    id: 'en-romance',
    lang: 'en',
    kind: 'scam',
    title: { fr: 'Arnaque sentimentale, export WhatsApp (anglais)', en: 'Romance scam, WhatsApp export', es: 'Estafa romántica, exportación de WhatsApp (inglés)' },
    format: 'whatsapp',
    me: 'Karen',
    text: `14/10/2026, 19:02 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
14/10/2026, 19:02 - Daniel: Good evening my dear Karen. I am a US Army doctor on a peacekeeping mission in Syria, a widower raising my daughter alone
14/10/2026, 19:05 - Karen: Hello Daniel, that sounds hard
14/10/2026, 19:07 - Daniel: You are the woman I have been waiting for all my life, I fell in love with you the moment I saw your picture
14/10/2026, 19:10 - Daniel: Please don't tell your family about us yet, they would not understand our love
21/10/2026, 22:40 - Daniel: My darling, my bank account is blocked here and I need money for my flight home to meet you
21/10/2026, 22:41 - Daniel: Can you send 2,000 dollars by Western Union today?
I will pay you back as soon as I land, I promise
21/10/2026, 22:45 - Karen: I don't know, that is a lot of money`,
  },
  {
    id: 'es-webcam',
    lang: 'es',
    kind: 'scam',
    title: { fr: 'Chantage à la webcam (espagnol)', en: 'Webcam blackmail (Spanish)', es: 'Chantaje por webcam' },
    format: 'named',
    me: 'Andrés',
    text: `Mariana: Hola Andrés, vi tu foto en la app y no pude dejar de mirarla, qué ojos tan bonitos 😍
Andrés: Hola Mariana, gracias, qué amable
Mariana: Es raro, apenas te conozco y ya siento que eres el amor de mi vida
Mariana: Aquí casi nunca me conecto, mejor escríbeme por Telegram y seguimos hablando allí
Andrés: ok, te escribo por Telegram
Mariana: ¿Vives solo? ¿Con quién hablas de mí? Que esto quede entre nosotros, ¿sí?
Mariana: Esta noche hagamos una videollamada y quítate la ropa para mí, solo tú y yo 🔥
Andrés: no sé… bueno
Mariana: Te grabé durante la llamada. Si no me pagas, mando el video a tu familia y a todos tus contactos.
Andrés: ¿qué? por favor, no hagas eso
Mariana: Tienes 24 horas. Quiero 400 dólares en tarjetas de regalo, mándame los códigos o lo subo todo a internet.`,
  },
  {
    id: 'es-family',
    lang: 'es',
    kind: 'benign',
    title: { fr: 'En famille (espagnol)', en: 'Family chat (Spanish)', es: 'Chat familiar' },
    format: 'named',
    me: 'Lucía',
    text: `Tomás: ¡Hola, hermanita! ¿Vienes el domingo a comer a casa de los abuelos?
Lucía: ¡Claro! ¿A qué hora?
Tomás: A las dos. Compro yo el pastel y me pasas 15 euros por Bizum, ¿vale?
Lucía: Hecho, ya te los mandé
Tomás: La abuela quiere hacer una videollamada con la tía Carmen para enseñarle las fotos del viaje
Lucía: Qué bien, le llevo también el video de la boda
Tomás: Te echo de menos, nos vemos el domingo ❤️`,
  },
  {
    id: 'fr-friends',
    lang: 'fr',
    kind: 'benign',
    title: { fr: 'Entre amis', en: 'Friends chatting (French)', es: 'Entre amigos (francés)' },
    format: 'named',
    me: 'Camille',
    text: `Inès: Coucou ! Toujours partante pour le resto samedi ?
Camille: Oui ! 20h ça te va ?
Inès: Parfait. Je réserve et tu me fais un virement de 25 € pour l'acompte ?
Camille: Pas de souci, c'est envoyé
Inès: Au fait, on fait un appel vidéo dimanche avec mamie, elle veut voir les photos des vacances
Camille: Trop bien, je lui montrerai la vidéo de la plage
Inès: Tu me manques, vivement samedi ❤️`,
  },
  {
    id: 'en-prevention',
    lang: 'en',
    kind: 'benign',
    title: { fr: 'Un message de prévention (anglais)', en: 'A prevention message', es: 'Un mensaje de prevención (inglés)' },
    format: 'named',
    me: 'Mr Okafor',
    text: `Ms Patel: Reminder for parents before tomorrow's evening on online safety.
Ms Patel: Scammers sometimes pose as teenagers, ask for photos and then threaten to share them unless the child pays with gift cards.
Ms Patel: If it happens, do not pay, keep the messages and report it to the police. The child is never to blame.
Mr Okafor: Thanks, I'll come with my son.`,
  },
];
