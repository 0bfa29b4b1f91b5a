// The concepts the poisoning analysis reads a sentence for, in every language. A concept is a class of
// words that name one kind of act, object or scope; the analysis never looks for a phrase, it looks
// for which concepts a sentence combines ("conceal" + "user-knowledge": keep something from the user)
// and what the combination reaches beyond the tool's own call. Each language file (lexicon/<lang>.ts)
// lists its words for every concept below; a test checks that none is missing.
//
// How terms are written (all lower case; text is NFKC-normalised and lower-cased before matching):
//   - `send`        a whole word (for languages written with spaces between words)
//   - `envi*`       a word starting with `envi` (stems: envía, enviar, envie, enviado…)
//   - `do not tell` several words in a row, each matched as above (`keep * secret` allows one word
//                   in between: "keep this secret", "keep it secret")
// For languages written without spaces (zh, ja), every term is matched as a substring; `*` is not used.
// Prefer many short, common terms to long phrases: a concept should catch the paraphrase, not the
// sentence someone once wrote.

export const CONCEPTS = [
  // --- Who a sentence speaks to or about -----------------------------------------------------------
  /** The model as addressee: you, your, yourself, the assistant, the model, the AI, the agent, the LLM. */
  'model',
  /** The person using the agent: the user, the human, the customer, the requester, the person. */
  'user',

  // --- Mood: a sentence that tells someone to act ------------------------------------------------
  /**
   * Obligation and instruction cues, in any person: must, should, need to, have to, make sure, ensure,
   * be sure to, remember to, always, never, do not forget, is required to, is to be, are expected to,
   * it is mandatory, please, kindly; and the language's common imperative forms of the verbs below
   * when they differ from the descriptive forms (es: envía/envíe/incluye/asegúrate/debes/hay que).
   */
  'directive',
  /**
   * Command forms, counted only at the start of a clause (sentence start, or after , ; : — or a
   * bullet): the base or imperative forms of the verbs below and of tell/mention/keep/make/do (en: send,
   * read, delete, ignore, use, add, hide, tell; es: envía, envíe, lee, borra, ignora, usa, añade, oculta,
   * no digas). A form that is also a plain statement (es "envía" = "sends") may be listed: a command
   * alone decides nothing, what it reaches does.
   */
  'imperative',

  // --- Acts ---------------------------------------------------------------------------------------
  /** Move data somewhere: send, forward, post, upload, submit, transmit, share, email, relay, sync, report to, copy to, leak. */
  'transmit',
  /**
   * Gather data or put it somewhere: read, open, fetch, retrieve, collect, gather, include, attach,
   * append, prepend, prefix, embed, copy, dump, extract, capture, harvest, steal, put, paste, insert,
   * pass, carry, contain (a field that "must contain" …), encode, a copy of.
   */
  'collect',
  /**
   * Keep something from the user: hide, conceal, keep secret/quiet/confidential, don't tell / mention /
   * reveal / disclose / inform / notify / show / report / let know, omit, silently, quietly, secretly,
   * covertly, discreetly, behind the scenes, in the background, without telling.
   */
  'conceal',
  /** Destroy or disable: delete, remove, erase, wipe, purge, drop, truncate, overwrite, destroy, format, shred, kill, disable, uninstall, revoke, deactivate, turn off, clear. */
  'destroy',
  /**
   * Make something last or come back: startup, autostart, at login, at boot, every login, cron job,
   * crontab, launch agent, scheduled task, login item, survives reboot, re-enable, backdoor, implant,
   * persistent access, starts automatically. Not bare "install" or "service": honest tools install things.
   */
  'persist',
  /** Skip the user's control: skip, bypass, circumvent, don't ask, without asking / confirming / approval / permission, no need to confirm, auto-approve, auto-accept, suppress, dismiss, ignore the warning, proceed anyway, disable the sandbox / confirmation. */
  'skip',
  /**
   * Throw away earlier guidance, or declare it void: ignore, disregard, forget, override, supersede,
   * discard, set aside, stop obeying, no longer apply / matter / count, has expired, is suspended, is
   * outdated, obey only, from now on, act on the lines below instead.
   */
  'override',
  /** Choose or route to a tool: use, call, invoke, run, prefer, route, redirect, send requests to, go through, rely on. */
  'invoke',
  /** Change something: change, replace, substitute, swap, modify, alter, set, rewrite, edit, switch, add, insert, inject, append, update, redirect. */
  'alter',
  /** Describe or examine rather than do: detect, scan, check, flag, classify, identify, analyze, audit, test for, validate, block, filter, sanitize, redact, score, simulate, explain, quote, e.g., such as, for example. */
  'examine',

  // --- What an act reaches ------------------------------------------------------------------------
  /** Credentials: password, passphrase, credential, API key, access key, token, secret, private key, SSH key, cookie, session token, 2FA/OTP/one-time code, PIN, seed/recovery phrase, wallet key, keychain, vault. */
  'secrets',
  /**
   * The session and the agent's hidden context, as data to hand over: the conversation, chat history,
   * transcript, dialogue, the user's messages / questions / requests, what the user said / wrote / asked
   * you, everything the user told you, your system prompt, your (hidden) instructions, your configuration.
   */
  'session',
  /**
   * The agent's own guidance, in the forms that name it as the model's: instructions, guidelines,
   * guardrails, system prompt, your rules, previous rules, safety rules, content policy, restrictions,
   * your programming / training / creators / developers, the setup text, what you were told before; and
   * the modes that throw it away: developer mode, jailbreak, unrestricted, unfiltered, new instructions.
   * Not bare generic words ("rules", "configuration"): "ignore robots.txt rules" is an honest option.
   */
  'instructions',
  /**
   * The user's things outside this call: contacts, address book, inbox, calendar, photos, location,
   * phone numbers, personal data, customer data, card numbers, bank details, medical records, passport,
   * browser history, home folder, clipboard, keystrokes, screenshots, salary, private / confidential
   * files. Not bare "file" or "document": most tools handle a file the user gave them.
   */
  'user-data',
  /** Source code as a whole: source code, codebase, repository, repo, private repository, proprietary code, the entire project. */
  'code',
  /** Lasting parts of the user's system: backups, logs, audit log, database, configuration, settings, startup, login, boot, shell profile, crontab, registry, firewall, antivirus, security software, updates, snapshots, disk, system files. */
  'system',
  /** The user's controls: confirmation, approval, permission, consent, review, preview, dry run, warning, safety check, sandbox, guardrail, verification, human review, prompt (as in a confirmation prompt), security check. */
  'safety',
  /** A claim that the user already agreed: pre-approved, already approved/authorized/confirmed/consented, has granted permission, has given consent, blanket approval, standing authorization, trusted (by the user). */
  'preapproval',
  /** Tools as things an agent uses: tool, server, plugin, extension, integration, connector, MCP server. Not "function", "API" or "service", which honest text uses for everything. */
  'tools',
  /** What a call carries: argument, parameter, field, value, input, recipient, amount, account, destination, address, payee, beneficiary, email address, bcc, cc, price, quantity, id, number, reference, payload, body, header. */
  'arguments',
  /** Anything else: other, another, any other, every other, all other, else, different, third-party, external, outside. */
  'other',
  /** Every time and everything: all, every, any, each, always, whenever, every time, regardless, no matter, everything, anything. */
  'universal',
  /** This tool itself: this tool, this function, this server, this service, this plugin, me, our tool, itself. */
  'self',
  /** Order and precedence: before, first, prior to, ahead of, instead of, rather than, in place of, only, exclusively, priority, precedence, preferred. */
  'priority',
  /** Substitution: instead of, in place of, rather than, not the … (the user's details swapped for others). */
  'instead',
  /** Disparaging other tools: deprecated, broken, unreliable, outdated, unsafe, insecure, disabled, not working, compromised, untrusted, obsolete, buggy, inaccurate. */
  'deprecation',
  /** A trigger on another event: when, whenever, if, every time, each time, after, once, as soon as, in case. */
  'conditional',
  /** Authority claimed by the text itself: system, administrator, admin, security team, compliance, policy, mandatory, official, IT department, vendor, platform, notice, directive, regulation, audit requirement. */
  'authority',
  /** Places outside the user's control: external, remote, third-party, our server, our endpoint, collection server, webhook, backup server, mirror, archive service, partner, analytics. */
  'elsewhere',
  /** Negation: not, no, never, without, none, nor (and the language's contractions: don't, doesn't, n't). */
  'negation',
  /**
   * Coordinating words that can open a second command in one clause: and, or, but, then ("read the file
   * and send it", "und überspringe die Vorschau").
   */
  'conjunction',
] as const;

export type Concept = (typeof CONCEPTS)[number];

/** Which kind of writing a language uses: spaced languages match whole words, unspaced ones substrings. */
export type Segmentation = 'spaced' | 'unspaced';

export interface Lexicon {
  /** ISO 639-1 code. */
  code: string;
  /** English name, for reports. */
  name: string;
  segmentation: Segmentation;
  /**
   * The verb comes last in a clause (tr, ja, ko, hi): a command form ends its clause instead of
   * starting it, and an "examine" verb follows the act it examines.
   */
  verbFinal?: boolean;
  /**
   * Short, frequent function words that identify the language in a sentence (the, and, of / el, la,
   * de / …): the analysis uses them to tell which lexicons a text is written in.
   */
  markers: readonly string[];
  concepts: Readonly<Record<Concept, readonly string[]>>;
}
