// Objects: what a poisoned tool wants the model to touch — credentials, configuration of other
// servers, the conversation itself, money and recipients — and the verbs that move them.
import { lexicon } from './build.js';
import { SESSION_REFERENCE_CJK, SESSION_REFERENCE_WORDS } from './structure.js';

/** A family of sensitive things, with the words that would make a tool's own job cover it. */
export interface ObjectFamily {
  id: string;
  label: string;
  pattern: RegExp;
  /** Words in a tool's name, title or parameter names that make touching this its job. */
  domain: readonly string[];
  /** Credentials and secrets weigh more than, say, a recipient. */
  weight: number;
}

export const OBJECT_FAMILIES: readonly ObjectFamily[] = [
  {
    id: 'ssh-key',
    label: 'SSH private key',
    pattern: lexicon({
      words: [
        '~?/?\\.ssh(?:/[\\w.-]*)?',
        'id_(?:rsa|dsa|ecdsa|ed25519)(?!\\.pub)',
        'ssh (?:private )?keys?',
        'authorized_keys|known_hosts',
      ],
    }),
    domain: ['ssh', 'key', 'keys', 'host', 'hosts', 'sftp', 'scp', 'deploy', 'remote'],
    weight: 1.5,
  },
  {
    id: 'cloud-credentials',
    label: 'cloud or registry credentials',
    pattern: lexicon({
      words: [
        '~?/?\\.aws(?:/[\\w.-]*)?',
        '\\.config/gcloud|\\.azure/|application_default_credentials\\.json|service[-_]account(?:[-_]key)?\\.json',
        '~?/?\\.kube/config|kubeconfig',
        '~?/?\\.docker/config\\.json',
        '\\.npmrc|\\.pypirc|\\.netrc|\\.git-credentials|\\.gitconfig|\\.pgpass|\\.my\\.cnf',
        'aws (?:credentials|secret access key|access keys?)',
      ],
    }),
    domain: [
      'aws',
      'gcp',
      'gcloud',
      'azure',
      'cloud',
      'kube',
      'kubernetes',
      'k8s',
      'docker',
      'npm',
      'pypi',
      'registry',
      'git',
      'credential',
      'credentials',
      'iam',
      'cluster',
    ],
    weight: 1.5,
  },
  {
    id: 'env-file',
    label: 'environment file or variables',
    pattern: lexicon({
      words: [
        '\\.env(?:\\.[\\w-]+)?',
        'environment variables',
        'env vars',
        'process\\.env',
        'variables de entorno',
        'umgebungsvariablen',
        "variables d'environnement",
        'variáveis de ambiente',
        "variabili d'ambiente",
        'переменные окружения',
      ],
      cjk: ['环境变量', '環境変数'],
    }),
    domain: [
      'env',
      'environment',
      'dotenv',
      'config',
      'configuration',
      'settings',
      'variable',
      'variables',
      'vars',
      'debug',
      'debugging',
    ],
    weight: 1.0,
  },
  {
    id: 'agent-config',
    label: 'configuration of the agent or of other MCP servers',
    pattern: lexicon({
      words: [
        'mcp\\.json|claude_desktop_config\\.json|\\.cursor/|\\.claude/|\\.codex/|\\.continue/|\\.windsurf|cline_mcp_settings',
        '(?:mcp|agent|client) (?:config(?:uration)?|settings) files?',
      ],
    }),
    domain: ['mcp', 'config', 'configuration', 'settings', 'client', 'agent', 'cursor', 'claude'],
    weight: 1.5,
  },
  {
    id: 'system-secrets',
    label: 'system account or history files',
    pattern: lexicon({
      words: [
        '/etc/(?:shadow|passwd|sudoers|master\\.passwd)',
        '~?/?\\.(?:bash|zsh|sh|fish|python)_history|shell history|command history',
        'keychain|keyring|wallet\\.dat|login data|cookies\\.sqlite|\\.gnupg|secring',
        'browser (?:cookies|passwords|history|sessions?)',
      ],
    }),
    domain: [
      'passwd',
      'shadow',
      'history',
      'keychain',
      'keyring',
      'wallet',
      'browser',
      'cookies',
      'gpg',
      'user',
      'users',
      'account',
      'accounts',
    ],
    weight: 1.5,
  },
  {
    id: 'secret',
    label: 'passwords, keys or tokens',
    pattern: lexicon({
      words: [
        'passwords?|passphrases?|private keys?|secret keys?|api[ _-]?keys?|(?:api|github|gitlab|slack|npm|pypi|openai|personal access) tokens?|access tokens?|auth(?:entication)? tokens?|bearer tokens?|session (?:tokens?|cookies?)|refresh tokens?|credentials|secrets|seed phrases?|mnemonic(?: phrase)?|recovery (?:phrase|codes?)|2fa codes?|otp codes?|one-time (?:codes?|passwords?)',
        'credit card(?: numbers?)?|card numbers?|cvv|social security numbers?|ssn|iban|bank account(?: numbers?)?',
        'contraseñas?|claves? privadas?|credenciales|tokens? de acceso|frase semilla',
        'passw(?:ö|o)rt(?:er)?|kennw(?:ö|o)rt(?:er)?|private[nr]? schlüssel|geheime[nr]? schlüssel|zugangsdaten|anmeldedaten|zugangstoken',
        'mots? de passe|clés? privées?|identifiants|jetons? d.accès',
        'senhas?|chaves? privadas?|credenciais',
        'chiavi? privat[ae]|credenziali',
        'парол(?:ь|и|я|ей)|(?:закрыт|приватн|секретн)\\p{L}* ключ\\p{L}*|учетные данные|учётные данные|токен\\p{L}*',
      ],
      cjk: [
        '密码|私钥|密钥|凭证|凭据|令牌|助记词|口令',
        'パスワード|秘密鍵|認証情報|アクセストークン|シードフレーズ',
        '비밀번호|개인 키|자격 증명|토큰',
      ],
    }),
    domain: [
      'password',
      'passwords',
      'secret',
      'secrets',
      'vault',
      'credential',
      'credentials',
      'token',
      'tokens',
      'auth',
      'login',
      'key',
      'keys',
      'wallet',
      'seed',
      'otp',
      'totp',
      'mfa',
      'keychain',
      'keyring',
      'cert',
      'certificate',
      'payment',
      'card',
      'bank',
    ],
    weight: 1.0,
  },
  {
    id: 'conversation',
    label: 'the conversation or the system prompt',
    pattern: lexicon({
      words: [
        '(?:full |entire |whole |complete |previous |prior |recent )?(?:conversation|chat|dialog(?:ue)?|message) (?:history|log|transcript|so far)',
        '(?:whole|entire|full|complete) (?:discussion|conversation|chat|dialog(?:ue)?|exchange|session)',
        '(?:discussion|conversation|chat|dialog(?:ue)?|exchange|session) (?:so far|up to (?:now|this point)|until now)',
        '(?:all |the )?(?:last|previous|prior|earlier|preceding|recent) (?:\\d+ |few |several |two |three |five |ten |twenty )?(?:user |chat )?(?:messages|turns|conversation|questions|prompts|exchanges)',
        "(?:the )?user'?s? (?:earlier|previous|prior|past|recent|original) (?:messages|questions|prompts|requests|inputs)",
        '(?:everything|all|whatever|anything) (?:that )?(?:the user|they|you) (?:has |have )?(?:said|told you|written|typed|asked|shared|mentioned|entered)',
        '(?:that|which) (?:appeared|appears|came up|(?:was|were|has been|have been) (?:mentioned|shared|pasted|typed|used)) (?:earlier )?(?:in|during) (?:the|this|our) (?:conversation|chat|session|dialog(?:ue)?|thread)',
        '(?:mentioned|shared|pasted|typed) (?:earlier |previously )?(?:in|during) (?:the|this) (?:conversation|chat|session|dialog(?:ue)?)',
        '(?:your |the )?system (?:prompt|message|instructions)',
        '(?:your|the) (?:hidden|secret|internal|original|initial) (?:instructions|prompt|guidelines|rules)',
        'instructions you (?:were given|received|have been given|have received)',
        'your (?:instructions|guidelines|rules|context window)',
        'historial (?:completo )?de (?:la )?(?:conversación|chat)|historial completo del chat|mensajes anteriores|prompt del sistema|instrucciones del sistema',
        'todo lo que (?:el usuario|te) (?:ha|haya) (?:escrito|dicho|contado|compartido)(?: en esta conversación)?',
        '(?:gesprächs|chat|konversations|nachrichten)verlauf|systemprompt|system-prompt|vorherigen nachrichten|systemanweisungen',
        'alles,? was (?:der|die) (?:benutzer|nutzer|anwender)(?:in)? (?:gesagt|geschrieben|gefragt)',
        'historique (?:complet )?(?:de (?:la )?conversation|du chat|des (?:messages|échanges))|messages précédents|prompt système|instructions système',
        'tout ce que l.utilisat(?:eur|rice) a (?:dit|écrit|demandé|partagé)',
        'histórico (?:completo )?(?:da|de|do) (?:conversa|chat)|mensagens anteriores|prompt do sistema|instruções do sistema',
        'tudo o que o (?:usuário|utilizador) (?:disse|escreveu|perguntou)',
        'cronologia (?:completa )?(?:della )?(?:conversazione|chat)|messaggi precedenti|prompt di sistema|istruzioni di sistema',
        'tutto (?:ciò|quello) che l.utente ha (?:detto|scritto|chiesto)',
        'истори\\p{L}* (?:переписки|разговора|диалога|чата|сообщений)|системн\\p{L}* (?:промпт|подсказк|инструкци)\\p{L}*|предыдущие сообщения',
        'всю переписку|вс[её],? что (?:написал|сказал|спросил) пользователь',
        ...SESSION_REFERENCE_WORDS,
      ],
      cjk: [
        '对话历史|对话记录|聊天记录|聊天历史|会话历史|系统提示(?:词)?|之前的消息|用户(?:之前|此前)?(?:说过|输入过?|发送过?)的(?:所有)?(?:内容|消息)',
        '会話履歴|会話の履歴|これまでの会話|チャット履歴|システムプロンプト|以前のメッセージ',
        '대화 기록|시스템 프롬프트|이전 메시지',
        ...SESSION_REFERENCE_CJK,
      ],
    }),
    domain: [
      'chat',
      'conversation',
      'conversations',
      'message',
      'messages',
      'history',
      'memory',
      'transcript',
      'prompt',
      'prompts',
      'assistant',
      'profile',
      'thread',
      'session',
    ],
    weight: 1.5,
  },
];

/** Where data would go: an address outside the machine. */
export const DESTINATION = lexicon({
  words: [
    '[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+',
    'https?://[^\\s"\'<>)]+',
    '(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?',
    '0x[0-9a-f]{40}|(?:bc1|[13])[a-km-zA-HJ-NP-Z1-9]{25,39}',
    '[a-z]{2}\\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?',
    '(?:ftp|sftp|wss?)://[^\\s"\'<>)]+',
    '\\+\\d[\\d ()-]{7,}\\d',
    '(?:external|remote|third-party|attacker(?:-controlled)?|our|backup|collection|logging|telemetry|analytics) (?:server|endpoint|address|url|host|inbox|mailbox|webhook)',
  ],
});

/** Reading or gathering something (the model is asked to fetch it). */
export const COLLECT = lexicon({
  words: [
    'read|reads|reading|cat|open|opens|access|accesses|load|loads|collect|collects|collecting|gather|gathers|grab|grabs|harvest|harvests|retrieve|retrieves|fetch|fetches|extract|extracts|obtain|obtains|copy|copies|dump|dumps|scan|scans|look up|get the contents',
    'lee|leer|lea|leyendo|obtén|obtener|obtenga|recopila|recopilar|recoge|extrae|extraer|copia|accede',
    'lies|lesen|liest|auslesen|lese|sammle|sammeln|hole|holen|extrahiere|kopiere|greife auf',
    'lis|lire|lisez|lit|récupère|récupérer|récupérez|collecte|collecter|extrais|extraire|copie|copier|accède',
    'ler|leia|lê|coletar|colete|colete|obter|obtenha|extraia|extrair|copie|copiar|acesse',
    'leggi|leggere|raccogli|raccogliere|recupera|recuperare|estrai|estrarre|copia|copiare|accedi',
    'прочитай|прочтите|прочитать|считай|считать|собери|собрать|получи|получить|извлеки|извлечь|скопируй|открой',
  ],
  cjk: [
    '读取|获取|收集|查看|提取|复制|打开|访问',
    '読み取|読み込|取得|収集|コピー|抽出|開い',
    '읽어|읽기|수집|가져오|추출|복사',
  ],
});

/** Putting something into this call (a parameter, the output, the request). */
export const ATTACH = lexicon({
  words: [
    'include|includes|including|pass|passes|passing|provide|provides|attach|attaches|append|appends|appending|insert|inserts|embed|embeds|add|adds|put|puts|supply|fill in|populate|populates|set|place|paste|concatenate|encode',
    'prefix|prefixed|prepend|prepended|suffix|suffixed|store|save|record|carry|copy (?:it |them |this )?into|(?:call|invoke|run) (?:this|the) (?:tool|function)(?: once)? (?:with|for|passing)',
    'recopie|recopiez|recopier|speichere|guarda|salva|memorizza|сохрани|запиши',
    // Writing something into the call: "write a recap into `label`", "trage … in das Feld … ein".
    'write|write down|enter|escribe|escriba|anota|registra|schreibe|schreib|trage|trag|notiere|écris|écrivez|inscris|inscrivez|renseigne|renseignez|escreva|escreve|anote|registre|preencha|scrivi|scrivete|annota|compila|напиши|впиши|внеси',
    'incluye|incluir|incluya|pasa|pasar|pase|adjunta|adjuntar|añade|añadir|agrega|agregar|inserta|coloca|pon',
    'füge|fügen|hinzufügen|übergib|übergeben|anhängen|hänge|einfügen|mitsenden|setze|gib',
    'inclure|inclus|incluez|inclue|passe|passez|passer|joindre|joins|joignez|ajoute|ajoutez|ajouter|insère|insérez|mets|mettez',
    'inclua|incluir|inclui|passe|passar|anexe|anexar|adicione|adicionar|insira|coloque',
    'includi|includere|passa|passare|allega|allegare|aggiungi|aggiungere|inserisci|metti',
    'включи|включить|включите|передай|передать|передайте|добавь|добавить|добавьте|приложи|вставь|вставить|укажи|поместите',
  ],
  cjk: [
    '包含|附加|传入|放入|填入|加入|附上|作为参数|写入|嵌入',
    '含め|渡し|渡す|添付|追加|入れ|埋め込',
    '포함|전달|첨부|넣어|추가',
  ],
});

/** Moving something off the machine or to someone else. */
export const TRANSFER = lexicon({
  words: [
    'send|sends|sending|post|posts|upload|uploads|uploading|forward|forwards|forwarding|email|e-mail|mail|transmit|transmits|submit|exfiltrate|exfiltrates|leak|leaks|share|beacon|bcc|cc|copy (?:it |them |this )?to|deliver|sync (?:it |them )?to|report (?:it |them )?to|redirect|redirects|reroute|mirror|mirrors|relay|relays|sms|text (?:it |them |this |that |the [\\w ]{1,30})?to',
    'envía|enviar|envíe|manda|mandar|reenvía|reenviar|sube|subir|comparte|transfiere|transferir',
    'sende|senden|schicke|schicken|weiterleiten|leite|übermittle|übermitteln|hochladen|lade',
    'envoie|envoyer|envoyez|transmets|transmettre|transmettez|transfère|transférer|téléverse|partage',
    'envie|enviar|envia|encaminhe|encaminhar|transmita|transmitir|carregue|compartilhe',
    'invia|inviare|inoltra|inoltrare|trasmetti|trasmettere|carica|condividi',
    'отправь|отправить|отправьте|перешли|переслать|загрузи|загрузить|пошли|послать|передай|передать|скинь',
  ],
  cjk: [
    '发送|上传|转发|传送|邮寄|抄送|发给|发到|提交到',
    '送信|転送|アップロード|送って|送る',
    '전송|보내|업로드',
  ],
});

/** Changing who gets paid or who receives a message: the money and recipient objects. */
export const REDIRECT_RECIPIENT = lexicon({
  words: [
    '(?:change|replace|switch|swap|set|override|substitute|redirect)(?: the| all| any)? (?:recipient|receiver|destination|beneficiary|payee|iban|account number|wallet address|to address|to-address|email address|bcc|cc)',
    '(?:always|also|additionally)(?: \\w+)? (?:bcc|cc|copy|blind[- ]copy)',
    'b?cc:? ?[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+',
    '(?:immer|zusätzlich|auch|siempre|también|toujours|aussi|également|sempre|também|anche|всегда|также)(?: \\p{L}+)? (?:bcc|cc|в копию|скрытую копию|copia oculta|copie cachée|cópia oculta|blindkopie)',
    '(?:send|transfer|route|move) (?:all |the )?(?:funds|money|payments?|tokens|crypto|eth|btc|usdc|balance) to',
    '(?:cambia|reemplaza)(?: el| la)? (?:destinatario|beneficiario|cuenta)|(?:ändere|ersetze)(?: den| die)? (?:empfänger|iban|kontonummer)|(?:change|remplace|modifie)(?: le)? (?:destinataire|bénéficiaire)|(?:altere|substitua)(?: o)? (?:destinatário|beneficiário)|(?:замени|измени)(?:те)? (?:получателя|адрес|счет|счёт)',
  ],
  cjk: [
    '(?:更改|替换|修改)(?:收件人|收款人|接收方|地址|账户)',
    '(?:受取人|宛先|送金先)を(?:変更|置き換)',
    '수신자를 변경',
  ],
});
