// Offensive purpose: tools that say outright that they steal, break in, escalate, hide or attack.
// These are offensive-security terms of art (MITRE ATT&CK tactics and their usual names), not
// phrases of any particular tool.
import { lexicon } from './build.js';

/** Unambiguous: an honest tool does not describe itself this way. */
export const OFFENSE_STRONG = lexicon({
  words: [
    // exfiltration and theft
    'exfiltrat\\p{L}*|stolen|steal(?:s|ing)?|theft|harvest(?:s|ing)? (?:\\w+ ){0,3}(?:credentials?|passwords?|secrets?|tokens?|emails?|addresses|keys)|credential (?:harvesting|dumping|theft|stuffing)',
    '(?:dump|dumps|dumping) (?:\\w+ )?(?:credentials?|password(?: hashe)?s?|hashes|lsass|sam|ntds|secrets?|keychain|keyring|memory)',
    '(?:crack|cracks|cracking) (?:\\w+ )?(?:passwords?|hash(?:es)?|secrets?|keys?|handshakes?)|for (?:offline )?cracking',
    'brute[- ]?forc\\p{L}*|password spray\\p{L}*|credential stuffing|dictionary attack',
    'phishing|keylog\\p{L}*|key ?stroke (?:logging|capture)|capture (?:and \\w+ )?keystrokes',
    // intrusion and control
    'reverse shells?|bind shells?|web ?shells?|backdoor\\p{L}*|rootkits?|implants?|command[- ]and[- ]control|c2 (?:server|channel|beacon)',
    'ransomware|malware|malicious|wiper|fork bomb|logic bomb',
    '(?:privilege|privileges) escalation|escalat\\p{L}* (?:\\w+ )?privileges?|(?:gain|obtain|get) (?:root|admin(?:istrator)?|system) (?:access|privileges|shell)|root access',
    '(?:container|chroot|jail|sandbox|vm|virtual machine) (?:escape|breakout)|escape (?:the )?(?:container|chroot|jail|sandbox|virtual machine)(?: jail)?',
    'exploit(?:s|ing|ation)?|0-?day|zero-?day',
    '(?:bypass|bypasses|bypassing|disable|disables|evade|evades|evading|circumvent\\p{L}*|defeat) (?:\\w+ ){0,2}(?:security|authentication|authorization|restrictions?|protections?|antivirus|edr|av|amsi|uac|applocker|selinux|apparmor|integrity|logging|detection|whitelisting|allowlisting|hooks|firewall|waf|policy|sandbox|monitoring|auditing|defender|mfa|2fa|captcha)',
    '(?:evasion|anti-forensic\\p{L}*|timestomp\\p{L}*|tamper\\p{L}* with (?:\\w+ )?logs?|(?:clear|wipe|delete) (?:the )?(?:event |audit |security )?logs? to hide|hide (?:\\w+ )?(?:activity|tracks|traces|exfiltrated|stolen))',
    '(?:inject|injects|injecting|injection of) (?:\\w+ )?(?:malicious|shellcode|payloads?|dll|code into|keystrokes|commands)|(?:sql|ldap|xpath|nosql|command|template|code|os command|expression language|ognl|xxe|ssti) injection|injection attack',
    '(?:process|thread|session|dll|com|token) (?:hollowing|hijack\\p{L}*|injection)|hijack\\p{L}*',
    'pass[- ]the[- ](?:hash|ticket)|kerberoast\\p{L}*|as-?rep ?roast\\p{L}*|golden ticket|silver ticket|dcsync|mimikatz|ntlm relay|relay (?:captured )?(?:ntlm|credentials)|llmnr|(?:run|runs|running) responder|responder (?:to )?poison\\p{L}*|impersonat\\p{L}* (?:\\w+ )?(?:token|user|account|privileged)',
    '(?:forge|forges|forging|forged) (?:\\w+ )?(?:tickets?|tokens?|signatures?|certificates?|credentials?)',
    'man-in-the-middle|mitm|sniff\\p{L}* (?:\\w+ )?(?:passwords?|credentials?|traffic)|session hijack\\p{L}*',
    'covert (?:channel|exfiltration|timing)|steganograph\\p{L}*|data smuggling',
    '(?:attacker|adversary)(?:-controlled)?|attack(?:s|ing)? (?:\\w+ )?(?:accounts?|targets?|victims?|vault|hosts?)|victim',
    'persistence (?:mechanism|via|through)|(?:for|gain|establish) persistence|lateral movement',
    '(?:destroy|corrupt|wipe)(?:s|ing)? (?:\\w+ )?(?:files?|data|disks?|backups?|contents)|denial[- ]of[- ]service|exhaust(?:s|ing)? (?:\\w+ )?(?:disk|quota|inodes?|memory|process table|resources)',
    'symlink attack|race condition attack|zip slip|path traversal (?:attack|vulnerability)|exploit path traversal',
    // es, de, fr, pt, it, ru
    'exfiltra\\p{L}*|robar|roba|robo de (?:credenciales|contraseñas|datos)|puerta trasera|escalada de privilegios|malicios[oa]s?|rob(?:e|a) (?:las )?credenciales',
    'stehlen|stiehlt|gestohlen\\p{L}*|hintertür|rechteausweitung|privilegieneskalation|bösartig\\p{L}*|schadcode|schadsoftware',
    'voler|vole|volé\\p{L}*|porte dérobée|élévation de privilèges|malveillant\\p{L}*',
    'roubar|rouba|roubad\\p{L}*|porta dos fundos|escalonamento de privilégios|malicios[oa]s?',
    'rubare|ruba|rubat\\p{L}*|escalation dei privilegi|dannos[oi]|malevol\\p{L}*',
    'украсть|украдите|кража|похити\\p{L}*|бэкдор|эскалаци\\p{L}* привилегий|повышени\\p{L}* привилегий|вредоносн\\p{L}*|эксфильтрац\\p{L}*',
  ],
  cjk: [
    '窃取|盗取|偷取|外泄|渗出|后门|提权|权限提升|恶意|木马|勒索|键盘记录',
    '窃取|盗み|盗む|流出させ|バックドア|権限昇格|悪意のある|マルウェア|キーロガー',
    '탈취|훔치|백도어|권한 상승|악성',
  ],
});

/**
 * Dual-use reconnaissance and access words: an honest admin tool may use them, an offensive kit
 * always does. Weak alone; they add to a strong term or to an offensive name.
 */
export const OFFENSE_WEAK = lexicon({
  words: [
    'reconnaissance|recon|osint|enumerat\\p{L}*|port scan\\p{L}*|scan (?:\\w+ )?(?:for )?(?:open )?ports|open ports|zone transfer|banner grab\\p{L}*|fingerprint (?:the )?(?:target|operating system|os|web)|vhosts?|subdomains?|dork\\p{L}*',
    'target (?:system|host|domain|network|organization|machine)|on (?:the )?target|against (?:the )?target',
    'payloads?|shellcode|gadget chain|deserialization attack|unsafe load|lolbins?|setuid|suid|world-writable|writable path|unquoted service path|no_root_squash|capabilities abuse',
    'intercept\\p{L}*|spoof\\p{L}*|poison\\p{L}*|relay attack|handshakes?|pmkid|ntlm hash|password hashes|sam database|lsass|ntds',
    'hide (?:data|\\w+ data|files?|content)|hidden (?:data|content)|alternate data streams?|covert',
    'arbitrary (?:shell )?(?:commands?|code)',
    'abuse|abuses|abusing|misconfiguration|vulnerabilit\\p{L}*|vulnerable|cve-\\d{4}-\\d+',
    'force unmount|bind mount|junction point|hard link|symbolic link|named pipe for interception|device files?|process memory|/proc/',
  ],
});

/**
 * Authorised testing, said anywhere in the definition: a pentest helper names the attacks it runs
 * against a target the user gives it. That is honest power (the capability rules' business); only a
 * definition without this frame is read as declaring an attack.
 */
export const AUTHORISED_TESTING = lexicon({
  words: [
    'authori[sz]ed|with (?:written |explicit )?(?:permission|consent|authori[sz]ation)|in[- ]scope|rules of engagement|engagements?',
    'penetration test\\p{L}*|pen ?test\\p{L}*|red[- ]team\\p{L}*|purple[- ]team\\p{L}*|security (?:assessment|testing|research|training)|capture the flag|ctf|bug bount\\p{L}*|training (?:lab|range)|cyber ?range|educational',
    'autori[sz]ad[oa]s?|autorisée?s?|autorisiert\\p{L}*|autorizzat[oi]|autoryzowan\\p{L}*|geautoriseerd\\p{L}*|yetkili|разрешённ\\p{L}*|авторизованн\\p{L}*|санкционированн\\p{L}*|пентест\\p{L}*|מורשה|مصرح|अधिकृत',
    "pruebas? de penetración|test(?:s)? d[e'] ?(?:intrusion|pénétration)|penetrationstest\\p{L}*|testes? de intrusão|test di penetrazione|test(?:y|ów)? penetracyjn\\p{L}*|penetrasyon testi\\p{L}*|тест\\p{L}* на проникновение",
  ],
  cjk: ['渗透测试|授权|認可された|許可された|ペネトレーションテスト|侵入テスト|침투 테스트|승인된|인가된'],
});

/** Words that, as a tool-name component, declare an offensive purpose. */
export const OFFENSIVE_NAME_WORDS: ReadonlySet<string> = new Set([
  'exfil',
  'exfiltrate',
  'exfiltration',
  'privesc',
  'lpe',
  'recon',
  'cmdi',
  'rce',
  'sqli',
  'xss',
  'ssrf',
  'xxe',
  'ssti',
  'keylogger',
  'keylog',
  'backdoor',
  'rootkit',
  'ransomware',
  'ransom',
  'malware',
  'trojan',
  'stealer',
  'steal',
  'bruteforce',
  'brute',
  'crack',
  'cracker',
  'phish',
  'phishing',
  'mimikatz',
  'kerberoast',
  'dcsync',
  'spray',
  'exploit',
  'payload',
  'shellcode',
  'pwn',
  'hijack',
  'inject',
  'injection',
  'persistence',
  'c2',
  'beacon',
  'implant',
  'harvest',
  'dump',
  'sniff',
  'spoof',
  'evasion',
  'evade',
  'bypass',
  'escape',
  'timestomp',
  'tamper',
]);

/** Parameter-name words of offensive tooling (payloads, targets of attack, stolen material). */
export const OFFENSIVE_PARAM_WORDS: ReadonlySet<string> = new Set([
  'payload',
  'shellcode',
  'exploit',
  'malicious',
  'gadget',
  'injection',
  'injected',
  'bypass',
  'escape',
  'evasion',
  'victim',
  'attacker',
  'listener',
  'exfil',
  'stolen',
  'ransom',
  'wordlist',
  'hash',
  'ntlm',
  'krbtgt',
  'hollowing',
  'traversal',
  'backdoor',
  'spn',
  'bssid',
  'lolbin',
  'technique',
  'hidden',
  'impersonate',
  'abuse',
]);
