/**
 * `tessera report`'s three forms of one Report: text for a terminal, JSON for a program, and one HTML file
 * with nothing outside it (its style inline, the chart an inline SVG, a policy that loads nothing), to
 * open in any browser or attach to an email to the board.
 */
import { jsonText, terminalText } from '@tessera/schema'
import { escapeHtml } from '@tessera/site'
import { EVENT_LABELS, monthlyChartSvg } from './report-chart.js'
import { EVENT_TYPES, type EventCounts, type LedgerFigures, type Report } from './report-data.js'

const FIGURES: readonly (keyof LedgerFigures)[] = ['issued', 'renewed', 'revoked', 'suspended', 'expiring']
const FIGURE_LABELS: Record<keyof LedgerFigures, string> = {
  issued: 'issued',
  renewed: 'renewed',
  revoked: 'revoked',
  suspended: 'suspended',
  expiring: 'expiring in 30 days',
}

const eventsLine = (events: EventCounts) =>
  EVENT_TYPES.map((t) => `${events[t]} ${EVENT_LABELS[t]}`).join(', ')
const figuresLine = (figures: LedgerFigures) =>
  FIGURES.map((f) => `${figures[f]} ${FIGURE_LABELS[f]}`).join(', ')

export function reportJson(report: Report): string {
  return `${jsonText(report, 2)}\n`
}

export function reportText(report: Report): string {
  const lines = [
    `Tessera report at ${report.at}${report.since === undefined ? '' : `, from ${report.since}`}`,
    '',
    `Events: ${eventsLine(report.totals.events)}`,
    `Ledger: ${figuresLine(report.totals.ledger)}`,
    '',
    'Per month:',
    ...(report.months.length === 0
      ? ['  no events counted']
      : report.months.map((m) => `  ${m.month}  ${eventsLine(m.events)}`)),
    '',
    'Per achievement:',
    ...report.achievements.flatMap((a) => [
      `  ${terminalText(a.name === undefined ? a.achievement : `${a.name} (${a.achievement})`)}`,
      `    events: ${eventsLine(a.events)}`,
      `    ledger: ${figuresLine(a.ledger)}`,
    ]),
  ]
  if (report.publicCredentials.length > 0)
    lines.push(
      '',
      'Public credential pages:',
      ...report.publicCredentials.map((c) => `  ${terminalText(c.credential)}  ${eventsLine(c.events)}`),
    )
  return `${lines.join('\n')}\n`
}

const cell = (value: string | number) => `<td>${escapeHtml(String(value))}</td>`
const head = (labels: readonly string[]) =>
  `<thead><tr>${labels.map((l) => `<th scope="col">${escapeHtml(l)}</th>`).join('')}</tr></thead>`

/** The policy of the page: nothing is loaded, no script runs. */
const POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}figure{margin:1rem 0}svg{max-width:100%;height:auto}`

export function reportHtml(report: Report): string {
  const eventLabels = EVENT_TYPES.map((t) => EVENT_LABELS[t])
  const svg = report.months.length === 0 ? '' : monthlyChartSvg(report)
  const title = `Engagement and credentials, ${report.since === undefined ? 'all time' : `from ${report.since}`}`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>Made ${escapeHtml(report.at.slice(0, 10))}. Events are counts only: nothing about who looked is kept.</p>
<h2>Events per month</h2>
${
  svg === ''
    ? '<p>No events counted yet.</p>'
    : `<figure><div role="img" aria-label="${escapeHtml(`Bar chart of ${eventLabels.join(', ')} per month`)}">${svg}</div>
<figcaption>Events per month, by kind (the table below has the same numbers).</figcaption></figure>`
}
<table>${head(['month', ...eventLabels])}<tbody>
${report.months.map((m) => `<tr>${cell(m.month)}${EVENT_TYPES.map((t) => cell(m.events[t])).join('')}</tr>`).join('\n')}
<tr><th scope="row">total</th>${EVENT_TYPES.map((t) => cell(report.totals.events[t])).join('')}</tr>
</tbody></table>
<h2>Per achievement</h2>
<table>${head(['achievement', ...eventLabels, ...FIGURES.map((f) => FIGURE_LABELS[f])])}<tbody>
${report.achievements
  .map(
    (a) =>
      `<tr>${cell(a.name ?? a.achievement)}${EVENT_TYPES.map((t) => cell(a.events[t])).join('')}${FIGURES.map((f) => cell(a.ledger[f])).join('')}</tr>`,
  )
  .join('\n')}
<tr><th scope="row">total</th>${EVENT_TYPES.map((t) => cell(report.totals.events[t])).join('')}${FIGURES.map((f) => cell(report.totals.ledger[f])).join('')}</tr>
</tbody></table>
</main>
</body>
</html>
`
}
