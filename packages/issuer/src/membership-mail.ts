/**
 * What a member reads: the reminders before their membership ends, the expiry notice on the day, and the
 * notices of a change (revoked, suspended, reinstated, renewed) with staff's reason, in the member's
 * language (en, fr, es, de). Plain text only: the words are the same in any mail client, and a text
 * mail cannot load anything. Every mail ends saying how to stop reminders; a notice says that notices of
 * changes still go (a member must learn that their credential stopped verifying). Sending is the
 * caller's (`MailSender`): here are only the words, and how a recorded mail's outcome is recorded.
 */
import type { CommunicationLog } from './store.js'

/** The languages the mails are written in. */
export const MAIL_LANGUAGES = ['en', 'fr', 'es', 'de'] as const
export type MailLanguage = (typeof MAIL_LANGUAGES)[number]

/** The association's side of the mails, from its settings (the store folder's `tessera.json`). */
export interface MembershipSettings {
  /** The association's name, as members read it. */
  name: string
  /** The address the mails come from (and replies go to). */
  email: string
  /** Where or how to renew: a web address, or a sentence ("pay the fee at the club house"). */
  renewal: string
  /** How a member stops reminders: a web address or a sentence. Default: reply to the mail and say so. */
  unsubscribe?: string
  /** The language of the mails of a member whose own is not known (default en). */
  language?: string
}

/** A mail to one member, ready to be written out (`MailSender`). */
export interface MemberMail {
  /** The Message-ID's left part: the header is `<messageId@domain of the From address>`. */
  messageId: string
  from: { name: string; address: string }
  to: { name?: string; address: string }
  subject: string
  text: string
  language: MailLanguage
  date: Date
  /** Reminders only: the List-Unsubscribe header's value (a mailto: or https: address). */
  listUnsubscribe?: string
}

/** Writes a mail out (SMTP, an .eml file): resolves with how it went ("smtp 250 OK", "eml ..."), or throws. */
export interface MailSender {
  send(mail: MemberMail): Promise<string>
}

/**
 * A mail as the plain message object nodemailer (and most mail libraries) take: From, To, Subject, the
 * text, its Date, Message-ID, Content-Language and List-Unsubscribe. The CLI and the association example
 * write and send it; nothing here depends on a mail library.
 */
export function mailMessage(mail: MemberMail) {
  return {
    from: mail.from,
    to: mail.to.name === undefined ? mail.to.address : { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    date: mail.date,
    messageId: `<${mail.messageId}>`,
    textEncoding: 'quoted-printable' as const,
    headers: {
      'Content-Language': mail.language,
      ...(mail.listUnsubscribe === undefined ? {} : { 'List-Unsubscribe': `<${mail.listUnsubscribe}>` }),
    },
  }
}

/**
 * Sends one recorded mail and records how it went: sent (with the sender's detail) or failed (with the
 * error's message, tried again on the next run). The record's failure propagates: the mail stays pending.
 */
export async function deliver(
  log: Pick<CommunicationLog, 'markCommunications'>,
  sender: MailSender,
  mail: MemberMail,
  logId: string,
  clock: () => Date,
): Promise<'sent' | 'failed'> {
  let state: 'sent' | 'failed' = 'sent'
  let detail: string
  try {
    detail = await sender.send(mail)
  } catch (error) {
    state = 'failed'
    detail = error instanceof Error ? error.message : String(error)
  }
  await log.markCommunications(logId, { state, at: clock().toISOString(), detail })
  return state
}

/** The language of a member's mails: theirs when it is one of the four, else the association's, else en. */
export function mailLanguage(member: string | undefined, association: string | undefined): MailLanguage {
  for (const tag of [member, association]) {
    const primary = tag?.toLowerCase().split(/[-_]/)[0]
    const found = MAIL_LANGUAGES.find((l) => l === primary)
    if (found !== undefined) return found
  }
  return 'en'
}

export type ChangeAction = 'revoke' | 'suspend' | 'reinstate' | 'renew'
export const CHANGE_ACTIONS: readonly ChangeAction[] = ['revoke', 'suspend', 'reinstate', 'renew']

interface Words {
  dear: (name: string) => string
  dearMember: string
  reminderSubject: (assoc: string, date: string) => string
  reminder: (assoc: string, date: string) => string
  expirySubject: (assoc: string) => string
  expiry: (assoc: string, date: string) => string
  renewHow: (how: string) => string
  changeSubject: Record<ChangeAction, (assoc: string) => string>
  change: Record<ChangeAction, (date: string) => string>
  reason: (reason: string) => string
  question: string
  whyReminder: (assoc: string) => string
  stop: (how: string) => string
  stopDefault: string
  noticesStill: string
  sign: (assoc: string) => string
}

const WORDS: Record<MailLanguage, Words> = {
  en: {
    dear: (n) => `Dear ${n},`,
    dearMember: 'Dear member,',
    reminderSubject: (a, d) => `Your membership of ${a} ends on ${d}`,
    reminder: (a, d) => `Your membership of ${a} ends on ${d}.`,
    expirySubject: (a) => `Your membership of ${a} ends today`,
    expiry: (a, d) =>
      `Your membership of ${a} ends today, ${d}: from tomorrow your membership credential no longer verifies.`,
    renewHow: (h) => `To renew: ${h}`,
    changeSubject: {
      revoke: (a) => `Your membership credential of ${a} was revoked`,
      suspend: (a) => `Your membership credential of ${a} is suspended`,
      reinstate: (a) => `Your membership credential of ${a} is valid again`,
      renew: (a) => `Your membership of ${a} is renewed`,
    },
    change: {
      revoke: () => 'Your membership credential was revoked: it no longer verifies, for anyone.',
      suspend: () => 'Your membership credential is suspended: it does not verify until it is reinstated.',
      reinstate: () => 'The suspension of your membership credential is lifted: it verifies again.',
      renew: (d) => `Your membership is renewed until ${d}: your new credential comes in its own mail.`,
    },
    reason: (r) => `Reason: ${r}`,
    question: 'If you think this is a mistake, or have a question, reply to this mail.',
    whyReminder: (a) => `You receive this reminder because you are a member of ${a}.`,
    stop: (h) => `To stop reminders: ${h}`,
    stopDefault: 'reply to this mail saying "no reminders".',
    noticesStill:
      'Notices like this one, about a change to your credential, are sent even to members who stopped reminders.',
    sign: (a) => `-- ${a}`,
  },
  fr: {
    dear: (n) => `Bonjour ${n},`,
    dearMember: 'Bonjour,',
    reminderSubject: (a, d) => `Votre adhésion à ${a} se termine le ${d}`,
    reminder: (a, d) => `Votre adhésion à ${a} se termine le ${d}.`,
    expirySubject: (a) => `Votre adhésion à ${a} se termine aujourd'hui`,
    expiry: (a, d) =>
      `Votre adhésion à ${a} se termine aujourd'hui, ${d} : dès demain votre attestation d'adhésion ne sera plus valide.`,
    renewHow: (h) => `Pour renouveler : ${h}`,
    changeSubject: {
      revoke: (a) => `Votre attestation d'adhésion à ${a} a été révoquée`,
      suspend: (a) => `Votre attestation d'adhésion à ${a} est suspendue`,
      reinstate: (a) => `Votre attestation d'adhésion à ${a} est de nouveau valide`,
      renew: (a) => `Votre adhésion à ${a} est renouvelée`,
    },
    change: {
      revoke: () => "Votre attestation d'adhésion a été révoquée : elle n'est plus valide, pour personne.",
      suspend: () => "Votre attestation d'adhésion est suspendue : elle n'est plus valide jusqu'à sa levée.",
      reinstate: () =>
        "La suspension de votre attestation d'adhésion est levée : elle est de nouveau valide.",
      renew: (d) =>
        `Votre adhésion est renouvelée jusqu'au ${d} : votre nouvelle attestation arrive dans un autre message.`,
    },
    reason: (r) => `Motif : ${r}`,
    question: 'Si vous pensez que c’est une erreur, ou pour toute question, répondez à ce message.',
    whyReminder: (a) => `Vous recevez ce rappel parce que vous êtes membre de ${a}.`,
    stop: (h) => `Pour ne plus recevoir de rappels : ${h}`,
    stopDefault: 'répondez à ce message en écrivant « pas de rappels ».',
    noticesStill:
      'Les avis comme celui-ci, sur un changement de votre attestation, sont envoyés même aux membres qui ont refusé les rappels.',
    sign: (a) => `-- ${a}`,
  },
  es: {
    dear: (n) => `Hola, ${n}:`,
    dearMember: 'Hola:',
    reminderSubject: (a, d) => `Su afiliación a ${a} termina el ${d}`,
    reminder: (a, d) => `Su afiliación a ${a} termina el ${d}.`,
    expirySubject: (a) => `Su afiliación a ${a} termina hoy`,
    expiry: (a, d) =>
      `Su afiliación a ${a} termina hoy, ${d}: desde mañana su credencial de socio ya no será válida.`,
    renewHow: (h) => `Para renovar: ${h}`,
    changeSubject: {
      revoke: (a) => `Su credencial de socio de ${a} ha sido revocada`,
      suspend: (a) => `Su credencial de socio de ${a} está suspendida`,
      reinstate: (a) => `Su credencial de socio de ${a} vuelve a ser válida`,
      renew: (a) => `Su afiliación a ${a} está renovada`,
    },
    change: {
      revoke: () => 'Su credencial de socio ha sido revocada: ya no es válida para nadie.',
      suspend: () =>
        'Su credencial de socio está suspendida: no es válida hasta que se levante la suspensión.',
      reinstate: () => 'Se ha levantado la suspensión de su credencial de socio: vuelve a ser válida.',
      renew: (d) => `Su afiliación está renovada hasta el ${d}: su nueva credencial llega en otro mensaje.`,
    },
    reason: (r) => `Motivo: ${r}`,
    question: 'Si cree que es un error, o tiene alguna pregunta, responda a este mensaje.',
    whyReminder: (a) => `Recibe este recordatorio porque es socio de ${a}.`,
    stop: (h) => `Para no recibir más recordatorios: ${h}`,
    stopDefault: 'responda a este mensaje escribiendo «sin recordatorios».',
    noticesStill:
      'Los avisos como este, sobre un cambio de su credencial, se envían también a los socios que no quieren recordatorios.',
    sign: (a) => `-- ${a}`,
  },
  de: {
    dear: (n) => `Hallo ${n},`,
    dearMember: 'Hallo,',
    reminderSubject: (a, d) => `Ihre Mitgliedschaft bei ${a} endet am ${d}`,
    reminder: (a, d) => `Ihre Mitgliedschaft bei ${a} endet am ${d}.`,
    expirySubject: (a) => `Ihre Mitgliedschaft bei ${a} endet heute`,
    expiry: (a, d) =>
      `Ihre Mitgliedschaft bei ${a} endet heute, am ${d}: ab morgen ist Ihr Mitgliedsnachweis nicht mehr gültig.`,
    renewHow: (h) => `Zur Verlängerung: ${h}`,
    changeSubject: {
      revoke: (a) => `Ihr Mitgliedsnachweis bei ${a} wurde widerrufen`,
      suspend: (a) => `Ihr Mitgliedsnachweis bei ${a} ist ausgesetzt`,
      reinstate: (a) => `Ihr Mitgliedsnachweis bei ${a} ist wieder gültig`,
      renew: (a) => `Ihre Mitgliedschaft bei ${a} ist verlängert`,
    },
    change: {
      revoke: () => 'Ihr Mitgliedsnachweis wurde widerrufen: er ist für niemanden mehr gültig.',
      suspend: () =>
        'Ihr Mitgliedsnachweis ist ausgesetzt: er ist nicht gültig, bis die Aussetzung aufgehoben ist.',
      reinstate: () => 'Die Aussetzung Ihres Mitgliedsnachweises ist aufgehoben: er ist wieder gültig.',
      renew: (d) =>
        `Ihre Mitgliedschaft ist bis zum ${d} verlängert: Ihr neuer Nachweis kommt in einer eigenen Mail.`,
    },
    reason: (r) => `Grund: ${r}`,
    question: 'Wenn Sie das für einen Irrtum halten oder Fragen haben, antworten Sie auf diese Mail.',
    whyReminder: (a) => `Sie erhalten diese Erinnerung, weil Sie Mitglied bei ${a} sind.`,
    stop: (h) => `Um keine Erinnerungen mehr zu erhalten: ${h}`,
    stopDefault: 'antworten Sie auf diese Mail mit „keine Erinnerungen“.',
    noticesStill:
      'Hinweise wie dieser, zu einer Änderung Ihres Nachweises, gehen auch an Mitglieder, die keine Erinnerungen wünschen.',
    sign: (a) => `-- ${a}`,
  },
}

/** A date as the member reads it, in their language (the UTC day: terms end at a day's end, UTC). */
export function mailDate(date: Date | string, language: MailLanguage): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(date))
}

/** Who a mail goes to and in what language. */
export interface MailRecipient {
  name?: string
  address: string
  language: MailLanguage
}

export interface Envelope {
  messageId: string
  to: MailRecipient
  settings: MembershipSettings
  date: Date
}

/**
 * The envelope of a mail to a recorded member: its Message-ID (`<id>@<the From address's domain>`), the
 * member's address, name and language (else the association's).
 */
export function envelopeFor(
  member: { name?: string; email: string; language?: string },
  logId: string,
  settings: MembershipSettings,
  date: Date,
): Envelope {
  return {
    messageId: `${logId}@${settings.email.slice(settings.email.lastIndexOf('@') + 1)}`,
    to: {
      ...(member.name === undefined ? {} : { name: member.name }),
      address: member.email,
      language: mailLanguage(member.language, settings.language),
    },
    settings,
    date,
  }
}

function assemble(
  envelope: Envelope,
  subject: string,
  lines: string[],
  listUnsubscribe?: string,
): MemberMail {
  const { to, settings } = envelope
  const words = WORDS[to.language]
  const body = [to.name === undefined ? words.dearMember : words.dear(to.name.split(/\s+/)[0] ?? to.name), '']
  return {
    messageId: envelope.messageId,
    from: { name: settings.name, address: settings.email },
    to: { ...(to.name === undefined ? {} : { name: to.name }), address: to.address },
    subject,
    text: `${[...body, ...lines, '', words.sign(settings.name)].join('\n')}\n`,
    language: to.language,
    date: envelope.date,
    ...(listUnsubscribe === undefined ? {} : { listUnsubscribe }),
  }
}

/** The stop line every mail carries, and the List-Unsubscribe address when the settings give one. */
function stopping(settings: MembershipSettings, words: Words): { line: string; header: string } {
  const how = settings.unsubscribe ?? words.stopDefault
  const header = /^(https:|mailto:)/.test(how)
    ? how
    : `mailto:${settings.email}?subject=${encodeURIComponent('no reminders')}`
  return { line: words.stop(how), header }
}

/** The reminder of a membership ending on `validUntil`; on its last day (`expiry`), the expiry notice. */
export function reminderMail(envelope: Envelope, validUntil: string, expiry: boolean): MemberMail {
  const { settings } = envelope
  const words = WORDS[envelope.to.language]
  const date = mailDate(validUntil, envelope.to.language)
  const stop = stopping(settings, words)
  const lines = [
    expiry ? words.expiry(settings.name, date) : words.reminder(settings.name, date),
    words.renewHow(settings.renewal),
    '',
    words.whyReminder(settings.name),
    stop.line,
  ]
  const subject = expiry ? words.expirySubject(settings.name) : words.reminderSubject(settings.name, date)
  return assemble(envelope, subject, lines, stop.header)
}

/** The notice of a change to a member's credential, with staff's reason when there is one. */
export function changeMail(
  envelope: Envelope,
  action: ChangeAction,
  change: { reason?: string; validUntil?: string },
): MemberMail {
  const { settings } = envelope
  const words = WORDS[envelope.to.language]
  const until = change.validUntil === undefined ? '' : mailDate(change.validUntil, envelope.to.language)
  const lines = [
    words.change[action](until),
    ...(change.reason === undefined ? [] : [words.reason(change.reason)]),
    ...(action === 'renew' || action === 'reinstate' ? [] : [words.question]),
    '',
    words.noticesStill,
    stopping(settings, words).line,
  ]
  return assemble(envelope, words.changeSubject[action](settings.name), lines)
}
