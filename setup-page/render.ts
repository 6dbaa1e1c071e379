// The setup page as HTML: one small document, no external assets (it must work offline in a customer's network and
// load fast on a phone), accessible (lang, headings, labelled table and buttons, text beside every colour), and a
// small inline script (allowed by a per-response nonce) that copies values, presses "check now" without leaving the
// page, shows times in the reader's zone and reloads when the JSON status changes. Without script the page still
// works: a meta refresh, and "check now" is a plain form.
import { formatTime, MESSAGES, type Lang } from './messages.js';
import type { RecordRow, SetupView } from './view.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Seconds between status polls by the page's script, and the meta refresh without script. */
export const POLL_SECONDS = 5;
const NO_SCRIPT_REFRESH_SECONDS = 30;

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:60rem;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.phase{padding:.75rem 1rem;border-radius:.5rem;border:2px solid #6b6b6b;background:#f3f3f3;font-weight:600}
.phase.seen,.phase.activated{border-color:#1e6b34;background:#e6f4ea;color:#0f3d1d}
.phase.deadline,.phase.cancelled,.phase.ended{border-color:#8a1c1c;background:#fdecec;color:#5c0f0f}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #c8c8c8}
code{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
tr.ok td{background:#e6f4ea}tr.ok .state{color:#0f3d1d}tr.partial .state,tr.wrong .state,tr.missing .state{color:#8a1c1c}
.state{font-weight:600}.details{margin:.25rem 0 0;padding-left:1.1rem;font-size:.95rem}
button{font:inherit;padding:.35rem .8rem;border-radius:.35rem;border:1px solid #1a4f8a;background:#fff;color:#1a4f8a;cursor:pointer;min-height:2.25rem}
button.primary{background:#1a4f8a;color:#fff}button:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.muted{color:#4a4a4a}[role=status]{min-height:1.5rem}
@media (max-width:40rem){thead{display:none}tr{display:block;border-bottom:1px solid #c8c8c8}td{display:block;border:0;padding:.25rem .5rem}}
`;

// The script shows times in the reader's own zone, named (timeStyle 'long'): the admin may be anywhere, the server
// renders UTC.
const SCRIPT = `
(function(){
  var doc=document, body=doc.body, statusUrl=body.dataset.statusUrl, version=body.dataset.version, live=doc.getElementById('live');
  function say(text){ if(live){ live.textContent=text; } }
  doc.querySelectorAll('time[datetime]').forEach(function(t){ var d=new Date(t.getAttribute('datetime')); if(!isNaN(d)) t.textContent=d.toLocaleString(doc.documentElement.lang,{dateStyle:'medium',timeStyle:'long'}); });
  doc.querySelectorAll('button[data-copy]').forEach(function(b){ b.addEventListener('click',function(){
    var text=b.getAttribute('data-copy'), done=function(){ say(body.dataset.copied); };
    if(navigator.clipboard&&window.isSecureContext){ navigator.clipboard.writeText(text).then(done,function(){ fallback(text); done(); }); } else { fallback(text); done(); }
  }); });
  function fallback(text){ var a=doc.createElement('textarea'); a.value=text; a.setAttribute('readonly',''); a.style.position='absolute'; a.style.left='-9999px'; body.appendChild(a); a.select(); try{ doc.execCommand('copy'); }catch(e){} body.removeChild(a); }
  var form=doc.getElementById('check-now'), fast=0;
  if(form){ form.addEventListener('submit',function(e){ e.preventDefault(); var button=form.querySelector('button'); button.disabled=true;
    fetch(form.action,{method:'POST',headers:{Accept:'application/json'}}).then(function(r){ return r.json().then(function(j){ say(j.message); if(r.ok){ fast=15; } }); }).catch(function(){}).then(function(){ setTimeout(function(){ button.disabled=false; },3000); });
  }); }
  function poll(){ fetch(statusUrl,{headers:{Accept:'application/json'},cache:'no-store'}).then(function(r){ return r.ok?r.json():null; }).then(function(j){ if(j&&j.version!==version){ location.reload(); } }).catch(function(){}).then(schedule); }
  function schedule(){ var wait=fast>0?1000:${POLL_SECONDS * 1000}; if(fast>0) fast--; setTimeout(poll,wait); }
  if(body.dataset.final!=='true') schedule();
})();
`;

function timeCell(iso: string | undefined, lang: Lang): string {
  const text = escapeHtml(formatTime(iso, lang, MESSAGES[lang].never));
  return iso ? `<time datetime="${escapeHtml(iso)}">${text}</time>` : text;
}

function copyButton(value: string, what: string, lang: Lang): string {
  const m = MESSAGES[lang];
  return `<button type="button" data-copy="${escapeHtml(value)}" aria-label="${escapeHtml(m.copyLabel(what))}">${escapeHtml(m.copy)}</button>`;
}

function row(r: RecordRow, lang: Lang): string {
  const m = MESSAGES[lang];
  const value = r.priority !== undefined ? `${r.value} (${m.priority(r.priority)})` : r.value;
  const details = r.details.length > 0 ? `<ul class="details">${r.details.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>` : '';
  return `<tr class="${r.state}" data-type="${r.type}">
<td>${r.type}</td>
<td><code>${escapeHtml(r.host)}</code> ${copyButton(r.host, `${r.type} ${m.columns.host}`, lang)}</td>
<td><code>${escapeHtml(value)}</code> ${copyButton(r.value, `${r.type} ${m.columns.value}`, lang)}</td>
<td><span class="state">${escapeHtml(r.stateText)}</span>${details}</td>
</tr>`;
}

function document(lang: Lang, title: string, body: string, head = '', bodyAttributes = ''): string {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${STYLE}</style>${head}</head>
<body${bodyAttributes}>
${body}
</body>
</html>`;
}

export interface PageLinks {
  /** The JSON status of the same link. */
  statusUrl: string;
  /** Where "check now" posts. */
  checkUrl: string;
}

export function renderPage(view: SetupView, links: PageLinks, nonce: string, notice?: string): string {
  const m = MESSAGES[view.lang];
  const final = view.phase === 'activated' || view.phase === 'cancelled' || view.phase === 'ended';
  const notes = [view.hasOwnership ? m.ownershipNote : '', view.hasMail ? m.mailNote : ''].filter(Boolean).map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  const problems = view.problems.length > 0 ? `<p>${escapeHtml(m.checkProblems)}</p><ul>${view.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : '';
  const body = `<main>
<h1>${escapeHtml(m.title(view.domain))}</h1>
<p class="phase ${view.phase}" id="phase">${escapeHtml(view.phaseText)}</p>
<p>${escapeHtml(m.intro)}</p>
${notes ? `<ul>${notes}</ul>` : ''}
<h2 id="records-heading">${escapeHtml(m.recordsHeading)}</h2>
<table aria-labelledby="records-heading">
<thead><tr><th scope="col">${escapeHtml(m.columns.type)}</th><th scope="col">${escapeHtml(m.columns.host)}</th><th scope="col">${escapeHtml(m.columns.value)}</th><th scope="col">${escapeHtml(m.columns.status)}</th></tr></thead>
<tbody>
${view.rows.map((r) => row(r, view.lang)).join('\n')}
</tbody>
</table>
${view.nameServersText ? `<p id="name-servers">${escapeHtml(view.nameServersText)}</p>` : ''}
${problems}
<h2>${escapeHtml(m.timesHeading)}</h2>
<dl>
<dt>${escapeHtml(m.lastCheck)}</dt><dd id="last-check">${timeCell(view.lastCheckAt, view.lang)} <span class="muted" id="check-count">(${escapeHtml(m.checks(view.checks))})</span></dd>
${view.nextCheckAt ? `<dt>${escapeHtml(m.nextCheck)}</dt><dd id="next-check">${timeCell(view.nextCheckAt, view.lang)}</dd>` : ''}
${view.deadline ? `<dt>${escapeHtml(m.deadline)}</dt><dd id="deadline">${timeCell(view.deadline, view.lang)}</dd>` : ''}
</dl>
${view.canCheck ? `<form id="check-now" method="post" action="${escapeHtml(links.checkUrl)}"><button type="submit" class="primary">${escapeHtml(m.checkNow)}</button></form>` : ''}
<p role="status" id="live">${notice ? escapeHtml(notice) : ''}</p>
${final ? '' : `<p class="muted">${escapeHtml(m.autoRefresh)}</p>`}
</main>
<script nonce="${nonce}">${SCRIPT}</script>`;
  const head = final ? '' : `<noscript><meta http-equiv="refresh" content="${NO_SCRIPT_REFRESH_SECONDS}"></noscript>`;
  const attributes = ` data-status-url="${escapeHtml(links.statusUrl)}" data-version="${escapeHtml(view.version)}" data-final="${final}" data-copied="${escapeHtml(m.copied)}"`;
  return document(view.lang, m.title(view.domain), body, head, attributes);
}

/** The one page every refused or unknown link gets: it names no customer and no reason. */
export function renderNotValid(lang: Lang): string {
  const m = MESSAGES[lang];
  return document(lang, m.notValidTitle, `<main><h1>${escapeHtml(m.notValidTitle)}</h1><p>${escapeHtml(m.notValid)}</p></main>`);
}

/** A short message page (too many "check now" presses without script, status unreadable). */
export function renderMessage(lang: Lang, title: string, message: string): string {
  return document(lang, title, `<main><h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(message)}</p></main>`);
}
