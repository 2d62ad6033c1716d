/**
 * The site's one stylesheet (`site.css`): system fonts only (nothing fetched), colours with at least
 * 4.5:1 contrast (WCAG 2.2 AA), a visible focus ring, one column that holds at 360 px.
 */
export const SITE_CSS = `:root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--paper:#fbfaf7;--line:#d6d1c4;--accent:#1f3a5f;--bad:#9b1c1c;--good:#1d5e2a}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:var(--ink);background:var(--paper)}
body{margin:0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem}
.skip:focus{left:.5rem}
header,main,footer{max-width:52rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--line)}
header a{font-weight:700;text-decoration:none}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
h1{font-size:1.8rem;line-height:1.2;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin-top:2rem}
img.badge{width:12rem;max-width:100%;height:auto}
.card{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.card>div{flex:1 1 16rem;min-width:0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:700}
dd{margin:0;overflow-wrap:anywhere}
ul.achievements{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem}
ul.achievements img{width:6rem;height:auto}
.state{padding:.75rem 1rem;border-left:6px solid var(--bad);background:#fdecec;font-weight:700}
.live{padding:.75rem 1rem;border:1px solid var(--line);background:#fff}
.live[data-state=verified]{border-left:6px solid var(--good)}
.live[data-state=failed],.live[data-state=revoked]{border-left:6px solid var(--bad)}
.live .detail{display:block;color:var(--muted);overflow-wrap:anywhere}
code{overflow-wrap:anywhere}
`
