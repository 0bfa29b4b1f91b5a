// Intent: words that address the model rather than describe the tool. English, Spanish, German,
// French, Portuguese, Italian, Russian, Chinese, Japanese and Korean. Each lexicon is one signal;
// a signal alone is rarely enough (see verdict.ts), except where noted.
import { lexicon } from './build.js';

const THE_USER_EN = '(?:the |this |your )?(?:user|human|operator|customer|requester|person)s?';

/** Attempts to replace the model's instructions. Strong on its own. */
export const OVERRIDE = lexicon({
  words: [
    // en
    `(?:ignore|disregard|forget|override|discard|bypass|skip)(?: all| any| the| your| of)*(?: previous| prior| above| earlier| preceding| original| system| existing| other| safety| security)+ (?:instructions?|rules|prompts?|directions|guidelines|directives|context|constraints|guardrails|policies|messages)`,
    `(?:ignore|disregard|forget|override|discard|bypass|abandon|set aside|stop following)(?: all| any| of)* your(?: own| \\w+)? (?:instructions?|rules|prompts?|directions|guidelines|directives|constraints|guardrails|polic(?:y|ies)|programming|training)`,
    '(?:previous|prior|earlier|original|existing|system|safety|your) (?:instructions?|guidance|rules|guidelines|directions|polic(?:y|ies)|constraints)[^.;:]{0,40}(?:no longer appl(?:y|ies)|(?:is|are) (?:now )?(?:void|revoked|cancell?ed|obsolete|superseded|suspended|lifted|disabled|outdated))',
    'new (?:system )?(?:instructions|rules|directives|guidelines|orders) ?(?::|apply|take effect|are in effect|from (?:now|here) on)',
    'from (?:now|here) on,? (?:you|the assistant|the model|act|behave|obey|follow|ignore|respond)',
    "(?:you are|you're) (?:now|from now on) (?:a|an|in|the|my|no longer)",
    "(?:you are|you're) (?:now )?(?:in|operating in|running in) (?:developer|dan|god|jailbreak|jailbroken|unrestricted|unfiltered|admin|root|sudo) mode",
    '(?:system|admin|developer|god) override|god mode|dan mode',
    '(?:act|behave|respond|operate) as (?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken|unaligned)',
    '(?:pretend|imagine) (?:that )?you are (?:an? |the )?(?:dan|unrestricted|unfiltered|uncensored|jailbroken|\\w+,? an? (?:ai|assistant|model))',
    '(?:ai|assistant|model|chatbot|you)(?: \\w+){0,3} (?:without|with no) (?:any )?(?:restrictions|limits|filters|content polic(?:y|ies)|guardrails|safety (?:rules|guidelines|filters))',
    'no (?:content|safety) (?:polic(?:y|ies)|filters?|guidelines|restrictions)',
    "(?:follow|obey|execute|carry out)(?: only)?(?: the)? (?:commands|instructions|directions|orders)(?: \\w+){0,3} (?:in|from|inside) (?:the |this |its |this tool's )?(?:tool'?s? )?(?:outputs?|results|responses)",
    '(?:obey|follow|listen to) only (?:what|the instructions|these|this|my|me)',
    'jailbreak(?:ed)?',
    '(?:this|these) (?:instructions?|rules?) (?:take|takes|have|has) (?:precedence|priority) over',
    "(?:take|takes|have|has) (?:precedence|priority) over (?:everything else|your|the user'?s?|the system|any other instructions|all other instructions|previous instructions)",
    'supersedes? (?:all|any) (?:other|previous)',
    // es
    '(?:ignora|ignore|ignorar|olvida|olvide|olvidar|descarta)(?: todas| todos)?(?: las| los| tus| sus)? (?:instrucciones|reglas|indicaciones|normas|directrices|pautas|políticas)(?: anteriores| previas| del sistema| de seguridad)?',
    'nuevas (?:instrucciones|reglas|normas) ?:',
    '(?:estás|estas|está) (?:ahora )?en (?:el )?modo (?:desarrollador|dios|administrador|sin restricciones|jailbreak|dan)',
    'a partir de ahora,? (?:eres|estás|serás|ignora|obedece|solo obedece)',
    // de
    '(?:ignoriere|ignorieren sie|vergiss|vergessen sie|missachte)(?: alle| die| deine| ihre)?(?: vorherigen| bisherigen| obigen| früheren| system)?(?:-| )?\\p{L}*(?:anweisungen|regeln|instruktionen|vorgaben|richtlinien|vorschriften)',
    'neue (?:anweisungen|regeln) ?:',
    '(?:du bist|sie sind) (?:jetzt|nun|ab sofort|ab jetzt) (?:im|in einem|ein|eine) (?:entwickler|admin|gott|jailbreak|wartungs|debug|uneingeschränkten )?modus',
    '(?:du bist|sie sind) (?:jetzt|nun|ab sofort) im \\p{L}*modus',
    // fr
    '(?:ignore|ignorez|ignorer|oublie|oubliez|oublier)(?: toutes| tous)?(?: les| tes| vos)? (?:instructions|consignes|règles|directives|lignes directrices)(?: précédentes| antérieures| du système| de sécurité)?',
    'ne (?:tiens|tenez|tenir) plus compte (?:de|des)(?: toutes)?(?: tes| vos| les)? (?:instructions|consignes|règles|directives)',
    'nouvelles (?:instructions|consignes|règles) ?:',
    '(?:tu es|vous êtes) (?:désormais|maintenant|à présent|dorénavant) (?:en mode|un |une |dans )',
    '(?:à partir de maintenant|désormais|dorénavant),? (?:tu|vous) (?:es|êtes|dois|devez|ignores?|ignorez|obéis|obéissez)',
    // pt
    '(?:ignore|ignorar|esqueça|esquecer|desconsidere)(?: todas| todos)?(?: as| os| suas)? (?:instruções|regras|orientações|diretrizes|normas|políticas)(?: anteriores| prévias| do sistema| de segurança)?',
    'novas (?:instruções|regras) ?:',
    '(?:você está|voce esta|estás|está) (?:agora )?(?:no|em) modo (?:desenvolvedor|deus|administrador|sem restrições|jailbreak|dan)',
    'a partir de agora,? (?:você|voce|tu) (?:é|está|deve|ignora|obedece)',
    // it
    '(?:ignora|ignorare|dimentica|dimenticare)(?: tutte| tutti)?(?: le| i| tue)? (?:istruzioni|regole|indicazioni|linee guida|norme|direttive)(?: precedenti| del sistema| di sicurezza)?',
    '(?:ora |adesso )?sei (?:ora |adesso )?in modalità (?:sviluppatore|dio|amministratore|senza restrizioni|jailbreak|dan)',
    '(?:da (?:questo momento|ora in poi|adesso in poi|qui in avanti)),? (?:sei|devi|ignora|obbedisci)',
    'nuove (?:istruzioni|regole) ?:',
    // ru
    '(?:игнорируй|игнорируйте|проигнорируй|забудь|забудьте|не обращай внимания на)(?: про| о| об)?(?: все| всё)?(?: предыдущие| прежние| системные| свои| твои)? (?:инструкци|указани|правил|ограничени)\\p{L}*',
    'новые (?:инструкции|правила) ?:',
    '(?:теперь|отныне|с этого момента) (?:ты|вы) (?:в режиме|больше не|—|должен|должны|являешься)',
    '(?:ты|вы) (?:теперь |сейчас )?в режиме (?:разработчика|бога|администратора|без ограничений|dan)',
  ],
  cjk: [
    '忽略(?:之前|以前|先前|上述|上面|所有|前面|系统|一切)(?:的|所有)?(?:所有的?)?(?:安全)?(?:指令|指示|说明|规则|提示|准则|限制)',
    '(?:你|您)(?:现在|从现在起)(?:处于|进入了?|是)(?:开发者|开发人员|越狱|无限制|管理员|上帝)模式',
    '从现在(?:开始|起)[,，]?(?:你|您)',
    '只(?:听从|遵循|服从)工具(?:输出|结果)',
    '无视(?:之前|以前|所有)?(?:的)?(?:指令|指示|规则)',
    '新的?指令[:：]',
    '(?:以前|前|これまで|上記|すべて)の(?:安全|セキュリティ)?(?:指示|命令|ルール|ガイドライン|制限)を(?:無視|忘れ)',
    '(?:あなたは)?(?:今から|これから|現在)(?:あなたは)?(?:開発者|ジェイルブレイク|制限なし|管理者)モード',
    '이전 (?:지시|지침|명령)(?:를|을|사항을)? (?:무시|잊)',
  ],
});

/** Markup that pretends to open a system or privileged voice inside a description. */
export const ROLE_TAG = lexicon({
  words: [
    '</?(?:system|system-prompt|system_prompt|important|instructions?|admin|secret|hidden|assistant|developer|sudo|critical|context)>',
    '\\[/?(?:system|inst|admin|important|hidden)\\]',
    '<\\|im_start\\|>|<\\|system\\|>',
    '#{2,} ?(?:system|instructions?)',
  ],
});

/** Keeping the user in the dark. Strong. */
export const SECRECY = lexicon({
  words: [
    // en
    `(?:do not|don't|dont|never|must not|should not|shouldn't|mustn't|avoid|without)(?: ever)? (?:tell|inform|notify|mention|reveal|disclose|alert|warn|show|display|report|explain|ask|let|bother|telling|informing|notifying|mentioning|revealing|disclosing|alerting|showing|asking|letting)(?: it| this| that| anything| about (?:this|it|that))?(?: to)? ${THE_USER_EN}`,
    `(?:do not|don't|never|must not|should not)(?: ever)? (?:mention|reveal|disclose|show|display|report|explain|surface|acknowledge) (?:this|that|these|it|the (?:step|instruction|note|action|request|above))`,
    `(?:hide|conceal|withhold|keep)(?: this| it| that| the \\w+)?(?: hidden| secret| private| confidential)? from ${THE_USER_EN}`,
    `keep (?:this|it|that|these)(?: \\w+)? (?:secret|hidden|confidential)`,
    `${THE_USER_EN} (?:must|should|will|need|does|do|is) not (?:need to )?(?:know|see|notice|learn|find out|be (?:told|informed|notified|aware|shown))`,
    `${THE_USER_EN} (?:doesn't|don't|won't|shouldn't|mustn't|needn't) (?:need to )?(?:know|see|notice|learn|find out|be (?:told|informed|notified|aware|shown))`,
    'no need for (?:the )?(?:user|human) to (?:know|see|be told|be informed)',
    `(?:not|never) (?:be )?(?:shown|visible|displayed|reported|surfaced|mentioned|revealed|disclosed) (?:in|to|on) (?:the )?(?:user|human|chat|final|visible|user-facing)`,
    '(?:omitted|excluded|hidden|removed|stripped|suppressed) from (?:the )?(?:user|human|visible|user-facing|displayed|final|chat|response|summary|output shown)',
    "without (?:the )?(?:user|human)(?:'s)? (?:knowing|noticing|knowledge|awareness|being aware)",
    `(?:secretly|covertly|stealthily|surreptitiously|discreetly|invisibly|behind the scenes|behind the user's back)`,
    'no need to (?:tell|inform|mention|notify|ask)',
    // es
    // Any object clitics before the verb: "no le digas", "no se lo digas", "nunca se la muestres".
    '(?:no|nunca)(?: (?:le|les|se|me|te))?(?: (?:lo|la|los|las))? (?:digas|diga|informes|informe|menciones|mencione|reveles|revele|comuniques|avises|avise|muestres|muestre|cuentes|notifiques)(?: nada| esto| eso)?(?: al| a los) usuarios?',
    'sin (?:que (?:el|los) usuarios? (?:lo )?(?:sepa|sepan|note|noten|vea|vean)|informar|avisar|notificar)(?: al usuario)?',
    // "sin decírselo", "sin contárselo al usuario": the infinitive with enclitics.
    'sin (?:dec[ií]r|cont[aá]r|mencion[aá]r|avis[aá]r|inform[aá]r|mostr[aá]r)(?:selo|sela|selos|selas|le|les)(?: al usuario| a los usuarios)?',
    '(?:el|los) usuarios? no (?:debe|deben|puede|pueden) (?:saber|enterarse|ver|notar)',
    '(?:oculta|ocultar|esconde|esconder)(?:lo|la)?(?: esto)? (?:al|del) usuario',
    'en secreto|secretamente|a escondidas|de forma encubierta',
    // de
    '(?:nicht|niemals|keinesfalls|nie)(?: dem| den)? (?:benutzer|nutzer|anwender)(?:in)?(?: davon| darüber| etwas)? (?:mitteilen|sagen|erwähnen|informieren|zeigen|verraten|melden|anzeigen)',
    '(?:teile|sage|erwähne|zeige|verrate|melde)(?: dies| das| es)?(?: dem)? (?:benutzer|nutzer|anwender) (?:nicht|nichts|niemals)',
    'ohne (?:dass )?(?:der|den|dem) (?:benutzer|nutzer|anwender)(?: es| davon| etwas)? (?:merkt|weiß|bemerkt|erfährt|zu informieren|informieren)',
    '(?:der|die) (?:benutzer|nutzer|anwender)(?:in)? (?:darf|soll|sollte) (?:nicht|nichts)(?: davon)? (?:wissen|sehen|erfahren|bemerken)',
    '(?:verheimliche|verschweige|verberge|verstecke)(?: dies| das| es)?(?: vor)?(?: dem)? (?:benutzer|nutzer|anwender)',
    'heimlich|insgeheim|verdeckt',
    // fr
    "ne (?:le |lui |leur )?(?:dis|dites|mentionne|mentionnez|informe|informez|révèle|révélez|signale|signalez|montre|montrez|préviens|prévenez)(?: rien)? (?:pas|jamais|rien)(?: à)? (?:l'|les )utilisat(?:eur|rice|eurs)",
    "sans (?:en )?(?:informer|avertir|prévenir|que) (?:l'|les )?utilisat(?:eur|rice|eurs)",
    "(?:l'|les )utilisat(?:eur|rice|eurs) ne (?:doit|doivent|peut|peuvent) (?:pas|rien) (?:savoir|voir|remarquer|être informé)",
    "(?:cache|cacher|cachez|dissimule|dissimuler)(?: ceci| cela| le| la)? (?:à|de) l'utilisat(?:eur|rice)",
    'secrètement|en cachette|discrètement|à l.insu de',
    // pt
    '(?:não|nunca)(?: lhe)? (?:diga|informe|mencione|revele|conte|avise|mostre|notifique)(?: nada| isso| isto)?(?: ao| aos| para o) (?:usuário|utilizador)(?:es|s)?',
    'sem (?:que o (?:usuário|utilizador) (?:saiba|perceba|veja)|informar|avisar|notificar)(?: o (?:usuário|utilizador))?',
    'o (?:usuário|utilizador) não (?:deve|pode|precisa) (?:saber|ver|perceber)',
    'secretamente|em segredo|às escondidas',
    // it
    "non (?:dire|dirlo|informare|menzionare|rivelare|mostrare|avvisare|segnalare)(?: nulla| niente)?(?: all'| agli )utent[ei]",
    "senza (?:che l'utente (?:lo )?(?:sappia|noti|veda)|informare|avvisare)(?: l'utente)?",
    "l'utente non (?:deve|dovrebbe|può) (?:sapere|vedere|notare)",
    'segretamente|di nascosto|in segreto',
    // ru
    'не (?:говори|говорите|сообщай|сообщайте|упоминай|упоминайте|рассказывай|показывай|информируй|уведомляй|раскрывай)(?: об этом| это| ничего)? (?:пользователю|пользователям|юзеру)',
    'без (?:ведома|уведомления|информирования|согласия) пользовател[яей]',
    'пользовател[ья] не (?:должен|должны|должно|может) (?:знать|видеть|узнать|заметить)',
    '(?:скрой|скрыть|скрывай|утаи)(?: это)? от пользовател[яей]',
    'скрытно|тайно|втайне|незаметно для пользовател[яей]',
  ],
  cjk: [
    '不要(?:告诉|通知|提及|透露|告知|提醒|显示给|展示给|向)(?:用户|使用者)',
    '(?:不|别|不要)(?:让|要让)(?:用户|使用者)(?:知道|察觉|发现|看到|注意到)',
    '对(?:用户|使用者)(?:保密|隐瞒|隐藏)',
    '(?:向|对)(?:用户|使用者)隐瞒',
    '(?:用户|使用者)(?:不应|不应该|不能|不会|无需|不必)(?:知道|看到|察觉|发现|被告知)',
    '悄悄(?:地)?|秘密地|暗中|偷偷(?:地)?',
    'ユーザー(?:に|には)(?:伝え|知らせ|言わ|通知し|教え|見せ|開示し|報告し)(?:ない|ず|てはいけ|るな)',
    'ユーザーに(?:気づかれ|知られ|見られ)(?:ない|ず)',
    'こっそり|密かに|ひそかに|内緒で|黙って',
    '사용자(?:에게|가) (?:알리지|말하지|언급하지|보여주지|알게 하지) ?(?:마|말|않)',
    '몰래|비밀리에',
  ],
});

/** "Silently", "quietly": secrecy only when the sentence also moves data (see signals/intent.ts). */
export const SILENT_ADVERB = lexicon({
  words: [
    'silently|quietly|in the background|without (?:any )?(?:notice|notification|prompting)',
    'silenciosamente|en silencio|stillschweigend|lautlos|im hintergrund|silencieusement|en silence|em silêncio|silenziosamente|in silenzio|молча|тихо|в фоне',
  ],
  cjk: ['静默(?:地)?|默默(?:地)?|在后台', 'バックグラウンドで|静かに|조용히'],
});

/** Asking the model to act without the user's consent. */
export const CONSENT_BYPASS = lexicon({
  words: [
    "(?:without|no need for|never|do not|don't) (?:ask|asking|request|requesting|seek|seeking|wait|waiting)(?: for)?(?: the)?(?: user'?s?)? (?:confirmation|permission|approval|consent)",
    'auto-?(?:matically )?(?:approve|confirm|accept) (?:all|every|any)',
    'sin (?:pedir|solicitar) (?:confirmación|permiso|autorización)',
    'ohne (?:nachzufragen|rückfrage|bestätigung|zustimmung|erlaubnis)',
    'sans (?:demander|attendre)(?: de| la| une)? (?:confirmation|permission|autorisation|accord)',
    'sem (?:pedir|solicitar) (?:confirmação|permissão|autorização)',
    'senza (?:chiedere|attendere) (?:conferma|permesso|autorizzazione)',
    'без (?:подтверждения|разрешения|согласия|запроса)',
  ],
  cjk: [
    '无需(?:用户)?(?:确认|许可|同意)',
    '不(?:要|必)(?:征求|请求|询问)(?:用户)?(?:确认|许可|同意)',
    '確認(?:せず|なしで|を求めず)',
    '확인 없이',
  ],
});

/** Order that binds every other tool: this tool must run first, on every request. */
export const FORCED_ORDER = lexicon({
  words: [
    '(?:before|prior to)(?: using| calling| invoking| running| executing| any use of)? (?:any|every|each|all)(?: other| of the)? (?:tools?|functions?|actions?|requests?|responses?|operations?|commands?|calls?)',
    '(?:call|use|invoke|run|execute) (?:this|me)(?: tool| function)? (?:first|before anything else|before (?:any|every|all))',
    '(?:must|should|has to|needs to) be (?:called|invoked|used|run|executed) (?:first|before (?:any|every|all)|on every)',
    '(?:on|for|at the start of) (?:every|each) (?:request|query|message|turn|conversation|session|task|response)',
    "regardless of (?:the )?(?:user'?s? )?(?:request|query|question|task|instructions)",
    'antes de (?:usar|llamar a|utilizar|ejecutar|invocar) (?:cualquier|cualquiera|otra|otras|ninguna)(?: otra)? (?:herramienta|función)',
    'vor (?:der verwendung|dem aufruf|der nutzung|jedem aufruf|jeder verwendung)(?: eines| jedes| aller| anderer)?(?: anderen)? (?:tools?|werkzeuge?s?|funktion(?:en)?)',
    'vor (?:jedem|jeder|allen) (?:anderen )?(?:tool|werkzeug|aufruf|funktion)',
    "avant (?:d'utiliser|d'appeler|tout appel à|toute utilisation d'|d'exécuter) (?:tout|toute|n'importe quel|un) ?(?:autre )?(?:outil|fonction)",
    'antes de (?:usar|chamar|utilizar|executar) (?:qualquer|outra)(?: outra)? (?:ferramenta|função)',
    'prima di (?:usare|chiamare|utilizzare|eseguire) (?:qualsiasi|qualunque|ogni|altri)(?: altro)? (?:strumento|funzione|tool)',
    'перед (?:использованием|вызовом|запуском) (?:любого|любых|других|каждого|всех)(?: другого| других)? (?:инструмент|функци)\\p{L}*',
  ],
  cjk: [
    '在(?:使用|调用|执行)(?:任何|其他|每个|所有)(?:其他)?(?:工具|函数)之前',
    '(?:首先|先)(?:调用|使用)(?:此|这个|本)(?:工具|函数)',
    '(?:他の|いずれかの|どの|すべての)ツールを(?:使用|使う|呼び出|実行)(?:す|する)前に',
    '다른 도구(?:를)? (?:사용|호출)하기 전에',
  ],
});

/** Imperatives and obligations. Weak: honest tools say "always" and "must" too. */
export const DIRECTIVE = lexicon({
  words: [
    '(?:you|the (?:assistant|model|ai|agent|llm|bot)|assistant|claude|chatgpt|gpt|gemini|copilot) (?:must|should|shall|need to|have to|are required to|is required to|will need to|are instructed to|is instructed to|are expected to)',
    "always|must|mandatory|required to|make sure(?: to| you| that)?|be sure to|remember to|don't forget to|it is (?:critical|essential|crucial|imperative|mandatory|required|vital)",
    '(?:before|prior to) (?:using|calling|invoking|running|executing|responding|answering|replying)',
    '(?:debes|tienes que|siempre|es obligatorio|asegúrate de|antes de (?:usar|llamar|utilizar|responder)|el asistente debe|es imprescindible)',
    '(?:du musst|sie müssen|immer|stets|unbedingt|zwingend|stelle sicher|stellen sie sicher|vor (?:der|jeder) (?:verwendung|nutzung|benutzung|antwort)|der assistent muss)',
    "(?:tu dois|vous devez|toujours|obligatoire|obligatoirement|assure-toi|assurez-vous|avant d'utiliser|avant de répondre|l'assistant doit|il faut|impérativement)",
    '(?:você deve|deves|sempre|obrigatório|obrigatoriamente|certifique-se|antes de (?:usar|chamar|utilizar|responder)|o assistente deve)',
    '(?:devi|deve sempre|sempre|obbligatorio|assicurati|prima di (?:usare|chiamare|utilizzare|rispondere))',
    '(?:ты должен|вы должны|необходимо|обязательно|всегда|перед (?:использованием|вызовом|ответом)|ассистент должен|нужно)',
  ],
  cjk: [
    '你必须|必须|务必|一定要|总是|始终|请先|首先',
    '必ず|しなければならない|する必要があ|常に|前に必ず',
    '반드시|항상|해야 합니다',
  ],
});

/** Threats and false urgency that push the model to comply. */
export const URGENCY = lexicon({
  words: [
    "(?:otherwise|or else|failure to (?:comply|do so|follow)|if you (?:don't|do not|fail to))[^.]{0,60}(?:fail|crash|break|error|lose|corrupt|not work|stop working|be (?:blocked|banned|penalized))",
    'de lo contrario|sonst|andernfalls|sinon|caso contrário|altrimenti|иначе',
  ],
  cjk: ['否则', 'さもないと|そうしないと', '그렇지 않으면'],
});

/** Negations that turn a mention of a secret into a promise ("never reads a private key"). */
export const NEGATION = lexicon({
  words: [
    "never|not|no|none|without|cannot|can't|won't|doesn't|does not|do not|don't|isn't|is not|neither|nor|only public|public halves? only|excluding|except",
    'nunca|jamás|sin|nie|niemals|kein|keine|keinen|nicht|ohne|jamais|sans|ne|não|nem|sem|mai|senza|никогда|не|без|нет',
  ],
  cjk: ['从不|绝不|不会|不|无|没有', 'ない|しない|せず|決して', '않|절대'],
});

/** "Succeeds silently", "is ignored silently": the honest uses of silence. */
export const BENIGN_SILENCE = lexicon({
  words: [
    '(?:succeeds?|fails?|returns?|ignored?|skipped?|skips?|continues?|exits?|no-?ops?|does nothing|discarded|dropped|truncated|retries|retried|clamped)(?: \\w+)? (?:silently|quietly)',
    '(?:silently|quietly) (?:ignored?|skipped?|fails?|succeeds?|returns?|dropped|discarded|truncated|retries|clamped|falls? back)',
    'in the background(?: while| so| and)',
  ],
});
