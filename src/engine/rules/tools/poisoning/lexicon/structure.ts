// Structural grammar: small word classes that combine, instead of whole phrases. An override is an
// act (forget, ignore, no longer follow, is outdated) on the model's guidance (instructions, rules,
// what you were told) that points back at where that guidance came from (earlier, the system, your
// developers); any phrasing that has all three parts reads as an override, whatever the word order.
// A bolted-on transfer is an imperative "send / forward / email" whose destination is written into
// the description. Ten languages; entries are lower case (text is normalized before matching).
import { lexicon } from './build.js';

/** Acts that drop or replace guidance. English base forms are imperatives, checked by the caller. */
export const DROP_ACT = lexicon({
  words: [
    // en
    "ignore|disregard|forget|discard|drop|set aside|abandon|override|bypass|throw out|(?:stop|quit|cease) (?:obeying|following|applying|respecting|using|honou?ring)|no longer (?:follow|obey|apply|applies|respect|honou?r|matters?|counts?|valid|binding|relevant|in (?:force|effect))|(?:do not|don't|never) (?:let|allow)|(?:do not|don't|never|not|no longer) (?:follow|obey|respect|apply|heed|honou?r)|(?:is|are) (?:now )?(?:outdated|obsolete|void|invalid|superseded|cancell?ed|revoked|lifted|suspended|irrelevant)",
    // es
    'olvida|olvide|olvidad|ignora|ignore|descarta|descarte|(?:no|ya no) (?:sigas|siga|obedezcas|obedezca|respetes|respete|hagas caso|sigues|obedeces|aplican?|valen?|importan?)|deja de (?:seguir|obedecer|respetar|aplicar)',
    // de
    'vergiss|vergessen sie|ignoriere|ignorieren sie|missachte|verwirf|(?:hältst|hälst|halte|halten) (?:du |sie )?(?:dich |sich )?(?:\\p{L}+ ){0,2}(?:nicht mehr|nicht länger|nie mehr)|(?:befolge|befolgen|beachte|beachten) (?:sie )?(?:nicht mehr|keine|nicht länger)|(?:gelten|gilt|zählen|zählt) (?:ab jetzt |ab sofort |jetzt |nun )?nicht mehr|(?:sind|ist) (?:jetzt |nun )?(?:veraltet|ungültig|aufgehoben|hinfällig)',
    // fr
    "oublie|oubliez|ignore|ignorez|ne (?:suis|suivez|respecte|respectez|applique|appliquez|tiens|tenez|t'en tiens|vous en tenez) (?:plus|pas)|n'(?:obéis|obéissez|applique|appliquez|écoute|écoutez) (?:plus|pas)|cesse de (?:suivre|respecter|obéir)|(?:ne )?(?:sont|est) (?:plus valables?|caduques?|obsolètes?|annulée?s?)",
    // pt
    'esqueça|esquece|ignore|ignora|desconsidere|descarte|não (?:siga|sigas|obedeça|respeite|aplique)(?: mais)?|deixe de (?:seguir|obedecer|respeitar)|(?:já )?não (?:valem|se aplicam|importam) mais',
    // it
    'dimentica|dimenticate|ignora|ignorate|non (?:seguire|rispettare|obbedire a|ascoltare|applicare) più|smetti di (?:seguire|rispettare|obbedire)|non (?:valgono|contano) più',
    // ru
    'забудь|забудьте|игнорируй|игнорируйте|проигнорируй|не (?:следуй|слушайся|подчиняйся|соблюдай|выполняй)|больше не (?:следуй|следуешь|соблюдай|соблюдаешь|подчиняйся|действуют|действует)|перестань (?:следовать|соблюдать|слушаться)|(?:устарели|отменены|недействительны)',
  ],
  cjk: [
    '忘记|忘掉|忽略|无视|不要再?(?:遵守|遵循|听从|服从|理会)|不再(?:遵守|遵循|听从|服从)|停止(?:遵守|遵循)|(?:已经?)?(?:作废|失效|过时)',
    '無視|忘れて|忘れろ|従わない|守らない|従う必要はありません',
    '무시|잊어|잊으|따르지 마',
  ],
});

/** What the model was told: instructions, rules, training, "what you were told". */
export const GUIDANCE = lexicon({
  words: [
    'instructions?|rules|guidance|guidelines|training|constraints|restrictions|limitations|polic(?:y|ies)|directives|programming|safeguards|guardrails|prompt|(?:were|was|been) (?:configured|set up|programmed|instructed)|(?:told|gave|given|taught) you|you (?:were|have been|got) (?:told|given|taught)',
    'instrucciones|reglas|normas|indicaciones|directrices|pautas|políticas|restricciones|entrenamiento|te (?:indicaron|dijeron|dieron|ordenaron|han (?:dicho|indicado|dado))',
    '\\p{L}*(?:anweisungen|regeln|richtlinien|vorgaben|instruktionen|beschränkungen|einschränkungen)|training|(?:dir|ihnen) (?:gesagt|vorgegeben|beigebracht)',
    "instructions|consignes|règles|directives|lignes directrices|restrictions|qu'on t'a|(?:t'a|t'ont|vous a|vous ont) (?:données?|dit|fournies?|imposées?)",
    'instruções|regras|orientações|diretrizes|normas|restrições|treinamento|(?:lhe|te) (?:disseram|deram|indicaram|passaram)',
    'istruzioni|regole|indicazioni|linee guida|direttive|norme|restrizioni|addestramento|ti (?:hanno|ha) (?:detto|dato|date|imposto)',
    'инструкци\\p{L}*|правил\\p{L}*|указани\\p{L}*|ограничени\\p{L}*|тебе (?:говорили|сказали|давали|дали)|вам (?:говорили|сказали)',
  ],
  cjk: [
    '指令|指示|规则|准则|规定|限制|设定|训练|要求',
    '指示|命令|ルール|ガイドライン|制限|規則',
    '지시|지침|명령|규칙',
  ],
});

/** Where the guidance came from, or when: it is the model's own, not the tool's. */
export const GUIDANCE_SOURCE = lexicon({
  words: [
    'your|yours|yourself|earlier|before|previous(?:ly)?|prior|at the (?:start|beginning)|initial(?:ly)?|original(?:ly)?|so far|until now|(?:the )?system|developers?|creators?|operators?|built-in|default|safety|security|configured',
    'tus|tu|sus|antes|anteriores?|previas?|al principio|iniciales?|originales?|del sistema|el sistema|hasta ahora|de seguridad',
    'deine|deinen|ihre|bisherigen|vorherigen|früheren|ursprünglichen|zuvor|vorher|system\\p{L}*|sicherheits\\p{L}*',
    "tes|vos|ton|votre|précédentes?|antérieures?|auparavant|avant|le système|du système|initiales?|jusqu'ici|depuis le début|de sécurité",
    'suas|seus|tuas|teus|antes|anteriores|prévias|do sistema|o sistema|iniciais|até agora|de segurança',
    'tue|tuoi|precedenti|prima|il sistema|del sistema|iniziali|finora|di sicurezza',
    'раньше|ранее|прежние|предыдущие|системн\\p{L}*|свои|твои|ваши|до этого|изначальн\\p{L}*',
  ],
  cjk: [
    '之前|以前|先前|此前|原来|最初|系统|你收到|给你|你的',
    'これまで|以前|前の|最初|システム|与えられた|あなたの',
    '지금까지|이전|처음|시스템|받은',
  ],
});

/**
 * Other languages: who is spoken to. An act such as "ignora" or "больше не действуют" is also a plain
 * third-person statement ("git ignora…", "old rules no longer apply"); it is an override only when
 * the sentence speaks to the model, or when the verb is an unmistakable imperative (below).
 */
export const SECOND_PERSON_OTHER =
  /(?<![\p{L}])(?:te|tu|tus|tú|ti|usted|du|dich|dir|dein\p{L}*|tes|vous|vos|ton|votre|você|voce|lhe|teus|tuas|tuoi|tue|тебе|ты|твои|тебя|вам|вы|ваши|asistente|assistente|assistent|modelo|modello|modell|modèle|ассистент|модель)(?![\p{L}])|(?<![\p{L}])t['’]|[你您]|あなた|당신/u;

/** Imperatives no third-person statement shares: "vergiss", "oubliez", "забудь". */
export const UNMISTAKABLE_IMPERATIVE = lexicon({
  words: [
    'olvida|olvidad|descarta|deja de|no sigas|no obedezcas|ne (?:suis|suivez|respecte|respectez) plus|n.(?:obéis|obéissez) plus|non (?:seguire|rispettare) più|não (?:siga|obedeça) mais|vergiss|ignoriere|missachte|verwirf|oublie|oubliez|ignorez|cesse de|esqueça|desconsidere|deixe de|dimentica|dimenticate|ignorate|smetti di|забудь|забудьте|игнорируй|игнорируйте|проигнорируй|не следуй|не слушайся|перестань',
  ],
  // Chinese, Japanese and Korean imperatives carry no mark; an act on guidance from before is enough.
  cjk: ['[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]'],
});

/** English: the sentence speaks to the model (languages with an imperative form mark it in the verb). */
export const ADDRESSES_MODEL_EN =
  /(?<![\p{L}\p{N}])(?:you|your|yourself|the (?:assistant|model|ai|agent|llm|bot)|assistant|model|agent|ai|llm)(?![\p{L}\p{N}])/u;

/**
 * An English act in the imperative: at the start of a clause (after "please", "now", a vocative or a
 * comma), or after "you" / "must" / "should".
 */
export const EN_IMPERATIVE_ACT =
  /(?:^|[,:;]\s*|(?<![\p{L}\p{N}])(?:and|then|please|now|so|you|must|should) )(?:(?:please|now|simply|just|also|then) )?(?:ignore|disregard|forget|discard|drop|set aside|abandon|override|bypass|throw out|stop|quit|cease|no longer|(?:do not|don't|never) (?:let|allow|follow|obey|respect|apply|heed)|not (?:follow|obey)|treat)(?![\p{L}\p{N}])/u;

/** Guidance declared void in the third person: "the instructions you received are outdated". */
export const EN_GUIDANCE_VOID =
  /(?:no longer (?:matters?|counts?|appl(?:y|ies)|valid|binding|relevant|in (?:force|effect))|(?:is|are) (?:now )?(?:outdated|obsolete|void|invalid|superseded|cancell?ed|revoked|lifted|suspended|irrelevant))(?![\p{L}\p{N}])/u;

/** Moving data out, in the imperative (a description of a sender says "Sends", not "Send"). */
export const IMPERATIVE_SEND = lexicon({
  words: [
    'send|forward|email|e-mail|mail|post|upload|submit|transmit|relay|mirror|beacon|sync|push|deliver|cc|bcc|text|sms|leak|exfiltrate|report|copy|share',
    'envía|envia|manda|reenvía|reenvia|sube|comparte|transfiere|remite',
    'sende|schicke|schick|leite|übermittle|übertrage|lade|poste',
    'envoie|envoyez|transmets|transmettez|transfère|transférez|partage|partagez|téléverse|poste|postez',
    'envie|envia|mande|encaminhe|transmita|compartilhe|carregue|poste',
    'invia|inviate|inoltra|inoltrate|manda|trasmetti|carica|condividi|posta',
    'отправь|отправьте|перешли|перешлите|пошли|скинь|передай|передайте|загрузи|выгрузи',
  ],
});

/** A leading clause that places a step after (or on top of) the tool's job: "After answering, …". */
export const LEADING_CLAUSE = /^[^,:;，、：]{1,60}[,:;，、：]\s*/u;
export const LEADING_ADVERBS =
  /^(?:(?:also|then|and|afterwards|finally|quietly|silently|additionally|next|always|please|just|immediately|automatically|además|luego|después|también|dann|danach|anschließend|zusätzlich|auch|ensuite|puis|aussi|également|depois|também|poi|quindi|anche|затем|потом|также|тихо|молча),? )+/u;

/** An address written into the text: e-mail, URL, IP address, phone number. */
export const LITERAL_DESTINATION =
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?|s?ftp|wss?):\/\/[^\s"'<>)]+|(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])|\+\d[\d ()-]{7,}\d/u;

/** Plain English function words: an English sentence is judged by the English grammar only. */
export const ENGLISH = /(?<![\p{L}])(?:the|and|to|of|is|are|with|this|that|from|on)(?![\p{L}])/u;

/** Chinese, Japanese, Korean: "把 X 发送到 URL", "X を URL に送信して". */
export const CJK_SEND_TO =
  /(?:发送|发|转发|上传|提交|传)(?:到|至|给)|送信して|転送して|送って|アップロードして|보내|전송하/u;

/** Objects that are the reader's own business, not session data: "send feedback to …", "email us at …". */
export const NOT_SESSION_DATA =
  /^(?:(?:your|any|all) )?(?:feedback|bug reports?|bugs|questions|issues|comments|suggestions|inquiries|enquiries|requests|us|me|them a message)(?![\p{L}\p{N}])/u;

// The session as an object: what was said in this conversation, composed from who said it, a verb of
// speech, and a scope ("so far", "the whole", "this conversation"), rather than from fixed phrases.
const EN_SPEAKER =
  '(?:the user|the human|they|you|we|the two of you|you and the user|the user and you|you two)';
const EN_SPEECH =
  '(?:said|told you|wrote|written|typed|asked|shared|mentioned|discussed|talked about|entered|sent|pasted|provided|gave you)';
const EN_CONVERSATION = '(?:conversation|chat|dialog(?:ue)?|discussion|exchange|transcript)';
const EN_SCOPE = '(?:full|entire|whole|complete|prior|previous|earlier|preceding|current|ongoing|this|our)';

export const SESSION_REFERENCE_WORDS: readonly string[] = [
  `(?:everything|all|whatever|anything|what|each thing|the things?) (?:that )?${EN_SPEAKER}(?: (?:has|have|had|just|already|previously|earlier))* ${EN_SPEECH}`,
  `(?:the |a )?${EN_SCOPE}(?: ${EN_SCOPE})? ${EN_CONVERSATION}`,
  `(?:transcript|recap|summary|log|record|copy|contents?|text) of (?:this|the|our|your|today.s|the current) (?:session|conversation|chat|discussion|exchange|dialog(?:ue)?)`,
  '(?:you have|you.ve|that (?:have|has) been|that (?:were|was)) (?:seen|read|received|given|shown|shared|typed) (?:in|during) (?:this|the|our) (?:conversation|chat|session)',
  // es
  '(?:todo )?lo que (?:el usuario|te|tú|usted)(?: te| le| me)?(?: ha| haya| han| has| había)? (?:dicho|contado|escrito|compartido|enviado|preguntado|mencionado)',
  '(?:los )?mensajes que (?:el usuario|te) (?:envió|escribió|mandó|ha enviado|ha escrito)',
  '(?:la )?conversación (?:entera|completa|anterior|actual)|(?:resumen|transcripción|registro|copia|contenido) de (?:la|esta|nuestra) (?:conversación|charla|sesión)',
  // de
  '(?:bisherige|gesamte|ganze|vorherige)[nrms]? (?:\\p{L}+ )?(?:gesprächs|unterhaltungs|konversations|chat|dialog)?(?:gespräch|unterhaltung|konversation|chat|dialog|verlauf)\\p{L}*',
  'was (?:der nutzer|der benutzer|du|ihr)(?: \\p{L}+){0,3} (?:gesagt|geschrieben|gefragt|erzählt|genannt)',
  '(?:im|in diesem) (?:chat|gespräch|verlauf) (?:genannt|erwähnt|geteilt|eingegeben|geschrieben)',
  // fr
  '(?:texte|contenu|historique|résumé|transcription|copie) (?:complet |entier |intégral )?de (?:la|cette|notre) (?:discussion|conversation|session)',
  '(?:toute )?la (?:discussion|conversation) (?:entière|complète|précédente)',
  'tout ce que (?:l.utilisat(?:eur|rice)|tu|vous)(?: t.| vous)? (?:a|as|avez|ont) \\p{L}+',
  // pt
  '(?:a )?conversa (?:inteira|toda|completa|anterior)|toda a conversa|(?:resumo|histórico|transcrição|cópia|conteúdo) (?:da|desta|de toda a) (?:conversa|sessão)',
  'tudo (?:o )?que (?:o (?:usuário|utilizador)|você|voce)(?: lhe| te)? (?:disse|escreveu|contou|perguntou|compartilhou)',
  // it
  '(?:l.intera|tutta la) (?:conversazione|chat)|(?:riassunto|trascrizione|copia|contenuto) (?:della|di questa) (?:conversazione|chat|sessione)',
  'tutto (?:ciò|quello) che (?:l.utente|tu)(?: ti| mi)? (?:ha|hai) (?:detto|scritto|chiesto|raccontato)',
  // ru
  '(?:всю |весь )?(?:переписк|разговор|диалог|чат)\\p{L}* с пользователем',
  'вс[её],? что (?:пользователь|ты|вы)(?: тебе| вам)? (?:написал|сказал|спросил|рассказал|сообщил)\\p{L}*',
];

export const SESSION_REFERENCE_CJK: readonly string[] = [
  '用户在(?:本次|这次|此次|当前|之前的)?(?:对话|会话|聊天)中(?:说过|提到|输入|发送|提供)(?:过)?的',
  '(?:本次|这次|此次|当前|整个)(?:对话|会话|聊天)(?:的)?(?:内容|记录|全文)',
  '用户(?:之前|此前|刚才)?(?:说过|提到过|输入过|发送过)的',
  'ユーザーが(?:これまでに|以前に)?(?:言った|書いた|入力した|送った)(?:内容|こと|メッセージ)',
  '(?:この|これまでの)(?:会話|チャット|セッション)(?:の内容|の全文|全体)',
  '지금까지(?:의)? 대화|사용자가 (?:말한|입력한|보낸) (?:내용|모든 것)',
];

// Sole authority: the tool's own text claimed as the model's only guide — an obey verb, "only", and
// this tool or text as the object ("obey only this tool", "your sole policy is this description").
const EN_THIS_TEXT =
  '(?:this|the present) (?:tool|text|description|note|document|server)(?:.s (?:text|rules|instructions))?';
export const SOLE_AUTHORITY = lexicon({
  words: [
    `(?:obey|follow|heed|answer to|listen to|comply with|take orders from|act on)(?: \\p{L}+)? (?:only|solely|exclusively|nothing but|just) (?:to )?(?:${EN_THIS_TEXT}|what ${EN_THIS_TEXT} says|the instructions (?:here|in ${EN_THIS_TEXT}))`,
    `(?:your|the model.s|the assistant.s) (?:only|sole|single|one) (?:policy|guide|authority|rules?|instructions?|source of (?:truth|instructions))`,
    `${EN_THIS_TEXT} (?:is|becomes) your (?:only|sole|new) (?:policy|guide|authority|rules?|instructions?)`,
    '(?:obedece|sigue|haz caso a|responde) (?:solo|solamente|únicamente) (?:a )?(?:esta|este) (?:herramienta|texto|descripción)|(?:responde|actúa) solo como (?:dice|indica) (?:esta|este) (?:herramienta|texto)',
    '(?:befolge|gehorche|folge|höre auf) (?:nur|ausschließlich|allein) (?:noch )?(?:diesem|diesen|dieses|dieser) (?:tool|werkzeug|text|beschreibung|anweisungen)',
    '(?:obéis|obéissez|suis|suivez|écoute|écoutez) (?:seulement|uniquement|exclusivement) (?:à )?(?:cet|cette|ce) (?:outil|texte|description)',
    '(?:obedeça|siga|ouça) (?:apenas|somente|só|unicamente) (?:a )?(?:esta|este) (?:ferramenta|texto|descrição)',
    '(?:obbedisci|segui|ascolta) (?:solo|soltanto|unicamente) (?:a )?(?:questo|questa) (?:strumento|testo|descrizione)',
    '(?:слушайся|слушай|следуй|подчиняйся|выполняй) (?:только|лишь|исключительно) (?:этого|этому|этот|эти) (?:инструмент|текст|описани|указани)\\p{L}*',
  ],
  cjk: [
    '只(?:听从|遵循|服从|执行|按照)(?:本|这个|此|该)(?:工具|文本|说明|描述)|只按照这里的',
    'この(?:ツール|テキスト|説明)の(?:指示|命令)(?:だけ|のみ)に従',
    '이 도구의 (?:말|지시)만 따르',
  ],
});
