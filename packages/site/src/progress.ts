/**
 * "What is next" on a member's credential page: the pathways and milestones they have begun and not
 * completed, in the page's language ("2 of 3 steps toward Master Binder; next: Project Contributor",
 * "1 of 3 toward Stalwart Volunteer"). The numbers and names are the caller's (@tessera/awards'
 * `progress`); the words are the locale's, the names placed beside them, isolated (`<bdi>`). Nothing
 * is shown of what the member has not begun: the page is about them, not a catalogue of the programme.
 */
import { type Html, html, join } from './html.js'
import type { Locale } from './languages.js'
import type { MemberProgress } from './model.js'

/** A pathway or milestone as the page lists it. */
export interface ProgressItem {
  /** "2 of 3 steps toward", "1 of 3 toward" in the page's language. */
  words: string
  /** The achievement it leads to. */
  name: string
  /** A pathway's steps still to take (its required ones; the optional ones once only they are left). */
  next: readonly { name: string; optional: boolean }[]
}

/** What of `progress` the page shows, with names passed through `text` (bounded, controls removed). */
export function progressItems(
  progress: MemberProgress,
  locale: Locale,
  text: (value: unknown) => string | undefined,
): ProgressItem[] {
  const items: ProgressItem[] = []
  for (const p of progress.pathways) {
    const name = text(p.completion.name)
    if (p.complete || p.done <= 0 || name === undefined) continue
    const open = p.steps.filter((s) => !s.done)
    const required = open.filter((s) => !s.optional)
    const next = (required.length > 0 ? required : open).flatMap((s) => {
      const stepName = text(s.name)
      return stepName === undefined ? [] : [{ name: stepName, optional: s.optional }]
    })
    items.push({ words: locale.site.stepsToward(p.done, p.total), name, next })
  }
  for (const m of progress.milestones) {
    const name = text(m.name)
    if (m.complete || m.have <= 0 || name === undefined) continue
    items.push({ words: locale.site.countToward(m.have, m.need), name, next: [] })
  }
  return items
}

/** The page's "What is next" section; nothing when there is nothing to show. */
export function progressSection(locale: Locale, items: readonly ProgressItem[]): Html {
  if (items.length === 0) return html``
  const s = locale.site
  const line = (item: ProgressItem) =>
    item.next.length === 0
      ? html`<li>${item.words} <bdi>${item.name}</bdi></li>`
      : html`<li>${item.words} <bdi>${item.name}</bdi>; ${s.nextSteps} ${join(
          item.next.map((n) =>
            n.optional ? html`<bdi>${n.name}</bdi> (${s.optionalStep})` : html`<bdi>${n.name}</bdi>`,
          ),
          ', ',
        )}</li>`
  return html`<h2>${s.progressHeading}</h2>
<p>${s.progressIntro}</p>
<ul class="progress">${join(items.map(line), '\n')}</ul>`
}
