// The ctc-retrieval search page. Talks only to this server's JSON API (api/openapi.json); Verovio (bundled)
// engraves typed or uploaded themes and turns typed ones into MIDI for the search.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { theme: null, themeName: null, score: null, results: [], toolkit: null, recordingsOffset: 0 };

// ---------- errors and status ----------
function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = false;
}
function clearError() { $('error').hidden = true; $('error').textContent = ''; }
function status(text) { $('status').textContent = text; }

async function api(path, options) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new Error('The server cannot be reached (' + e.message + ').');
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await response.json() : null;
  if (!response.ok) {
    let text = body && body.error ? body.error : response.statusText;
    if (response.status === 503) {
      const retry = response.headers.get('Retry-After');
      text += retry ? ' (retry in ' + retry + ' s)' : '';
    }
    throw new Error('Error ' + response.status + ': ' + text);
  }
  return body;
}

function clock(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds - 60 * m;
  return m + ':' + (s < 10 ? '0' : '') + s.toFixed(1);
}

// ---------- Verovio ----------
const verovioReady = new Promise((resolve) => {
  function init() {
    if (!window.verovio) { resolve(null); return; }
    verovio.module.onRuntimeInitialized = () => {
      state.toolkit = new verovio.toolkit();
      state.toolkit.setOptions({ scale: 40, adjustPageHeight: true, pageWidth: 2000, footer: 'none', header: 'none' });
      resolve(state.toolkit);
    };
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
});

function showNotation(svg, caption) {
  const img = $('notation');
  if (img.src) URL.revokeObjectURL(img.src);
  img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  $('theme-caption').textContent = caption;
  $('notation-box').hidden = false;
}

async function engraveFile(file, bytes) {
  const tk = await verovioReady;
  if (!tk) return;
  const name = file.name.toLowerCase();
  try {
    if (name.endsWith('.mid') || name.endsWith('.midi')) {
      $('notation-box').hidden = true;
      return;
    }
    let ok;
    if (name.endsWith('.mxl')) ok = tk.loadZipDataBuffer(bytes);
    else ok = tk.loadData(new TextDecoder().decode(bytes));
    if (ok) showNotation(tk.renderToSVG(1), file.name);
  } catch (e) {
    // The server is the judge of the file; notation is only a preview.
    $('notation-box').hidden = true;
  }
}

// ---------- theme input ----------
async function useFile(file, engraved) {
  clearError();
  const bytes = await file.arrayBuffer();
  state.theme = new Blob([bytes]);
  state.themeName = file.name;
  $('search').disabled = true;
  status('Reading ' + file.name + '…');
  if (!engraved) engraveFile(file, bytes);
  try {
    const form = new FormData();
    form.append('theme', state.theme, state.themeName);
    state.score = await api('api/score', { method: 'POST', body: form });
    offerChoices(state.score);
    drawRoll(state.score, file.name);
    $('search').disabled = false;
    status(file.name + ': ' + state.score.notes.length + ' notes, ' + state.score.measures.length + ' measures. Ready to search.');
  } catch (e) {
    state.theme = null;
    $('notation-box').hidden = true;
    $('roll-box').hidden = true;
    status('');
    showError(e.message);
  }
}

async function useTypedTheme() {
  clearError();
  const tk = await verovioReady;
  if (!tk) { showError('The notation engine did not load; choose a file instead.'); return; }
  const kind = $('notation-kind').value;
  const text = $('theme-text').value;
  tk.setOptions({ inputFrom: kind });
  let ok = false;
  try { ok = tk.loadData(text); } catch (e) { ok = false; }
  if (!ok || tk.getPageCount() < 1) {
    showError('The typed theme cannot be read as ' + $('notation-kind').selectedOptions[0].text + '.');
    return;
  }
  showNotation(tk.renderToSVG(1), 'Typed theme (' + kind.toUpperCase() + ')');
  const midi = Uint8Array.from(atob(tk.renderToMIDI()), (c) => c.charCodeAt(0));
  tk.setOptions({ inputFrom: 'auto' });
  await useFile(new File([midi], 'typed-theme.mid', { type: 'audio/midi' }), true);
}

// The notes as a piano roll, for themes the page cannot engrave (MIDI files): time across, pitch up.
function drawRoll(score, name) {
  const midi = /\.midi?$/i.test(name) && name !== 'typed-theme.mid'; // a typed theme is engraved instead
  $('roll-box').hidden = !midi || score.notes.length === 0;
  if ($('roll-box').hidden) return;
  const canvas = $('roll'), g = canvas.getContext('2d');
  const notes = score.notes;
  const end = Math.max(...notes.map((n) => n.onsetSeconds + n.durationSeconds), 0.1);
  const low = Math.min(...notes.map((n) => n.pitch)) - 1, high = Math.max(...notes.map((n) => n.pitch)) + 1;
  const w = canvas.width - 20, h = canvas.height - 20, row = h / (high - low + 1);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#2a5db0';
  for (const n of notes) {
    const x = 10 + w * n.onsetSeconds / end, y = 10 + (high - n.pitch) * row;
    g.fillRect(x, y, Math.max(2, w * n.durationSeconds / end - 1), Math.max(2, row - 1));
  }
  $('roll-caption').textContent = name + ': ' + notes.length + ' notes from ' + notes[0].name + ', '
    + end.toFixed(1) + ' s (MIDI is shown as a piano roll, not engraved)';
}

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  select.appendChild(o);
}

function offerChoices(score) {
  const part = $('part'), staff = $('staff'), from = $('measure-from'), to = $('measure-to');
  for (const s of [part, staff, from, to]) s.replaceChildren();
  option(part, '', 'all parts');
  for (const p of score.parts) option(part, String(p.index), p.index + ': ' + (p.name || p.id));
  option(staff, '', 'all staves');
  const staves = new Set(score.parts.flatMap((p) => p.staves));
  for (const s of [...staves].sort((a, b) => a - b)) option(staff, String(s), 'staff ' + s);
  for (const m of score.measures) { option(from, m.number, m.number); option(to, m.number, m.number); }
  if (score.measures.length) to.value = score.measures[score.measures.length - 1].number;
}

function searchForm() {
  const form = new FormData();
  form.append('theme', state.theme, state.themeName);
  if ($('part').value) form.append('part', $('part').value);
  if ($('staff').value) form.append('staff', $('staff').value);
  const from = $('measure-from').value, to = $('measure-to').value;
  if (state.score && state.score.measures.length && from && to) {
    const all = state.score.measures;
    if (from !== all[0].number || to !== all[all.length - 1].number) form.append('measures', from + '-' + to);
  }
  return form;
}

// ---------- search and results ----------
async function search(event) {
  event.preventDefault();
  if (!state.theme) { showError('Choose or type a theme first.'); return; }
  clearError();
  const form = searchForm();
  form.append('top', $('top').value || '10');
  if ($('transpose').checked) form.append('transpose', 'true');
  if ($('exhaustive').checked) form.append('exhaustive', 'true');
  status('Searching…');
  $('search').disabled = true;
  try {
    const result = await api('api/search', { method: 'POST', body: form });
    state.results = result.results;
    showResults(result);
  } catch (e) {
    status('');
    showError(e.message);
  } finally {
    $('search').disabled = false;
  }
}

function showResults(result) {
  const body = $('results').tBodies[0];
  body.replaceChildren();
  for (const hit of result.results) {
    const tr = document.createElement('tr');
    const cells = [String(hit.rank), hit.name || hit.path, hit.cost.toFixed(4),
      clock(hit.start) + ' – ' + clock(hit.end) + (hit.transposition ? ' (' + (hit.transposition > 0 ? '+' : '') + hit.transposition + ' st)' : '')];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i !== 1) td.className = 'num';
      if (i === 1) td.title = hit.path;
      tr.appendChild(td);
    });
    const play = document.createElement('button');
    play.type = 'button';
    play.className = 'play';
    play.textContent = '▶ Play';
    play.setAttribute('aria-label', 'Play ' + (hit.name || hit.path) + ' from ' + clock(hit.start) + ' to ' + clock(hit.end));
    play.addEventListener('click', () => playSpan(hit));
    const why = document.createElement('button');
    why.type = 'button';
    why.className = 'why';
    why.textContent = 'Why?';
    why.setAttribute('aria-label', 'Why ' + (hit.name || hit.path) + ' matched');
    why.addEventListener('click', () => explain(hit));
    for (const b of [play, why]) { const td = document.createElement('td'); td.appendChild(b); tr.appendChild(td); }
    body.appendChild(tr);
  }
  status(result.results.length ? result.results.length + ' recordings in ' + result.milliseconds + ' ms'
    : 'No recording matches this theme.');
}

// Plays exactly the matched span: the media fragment asks the browser to stop at its end, and a timeupdate
// check stops it too where fragments are not honoured.
function playSpan(hit) {
  const player = $('player');
  player.pause();
  player.dataset.end = String(hit.end);
  player.dataset.start = String(hit.start);
  player.src = 'api/recordings/' + hit.recording + '/audio#t=' + hit.start.toFixed(2) + ',' + hit.end.toFixed(2);
  player.play().then(() => status('Playing ' + (hit.name || '') + ' ' + clock(hit.start) + ' – ' + clock(hit.end)))
    .catch((e) => showError('Cannot play the recording: ' + e.message));
}
$('player') && $('player').addEventListener('timeupdate', () => {
  const player = $('player');
  if (player.dataset.end && player.currentTime >= Number(player.dataset.end)) player.pause();
});

// ---------- why it matched ----------
async function explain(hit) {
  clearError();
  const form = searchForm();
  form.append('recording', hit.recording);
  form.append('transposition', String(hit.transposition || 0));
  try {
    const m = await api('api/match', { method: 'POST', body: form });
    drawMatch(m, hit);
  } catch (e) {
    showError(e.message);
  }
}

function drawMatch(m, hit) {
  const section = $('why');
  section.hidden = false;
  const canvas = $('why-canvas');
  const g = canvas.getContext('2d');
  const n = m.theme.length, cols = m.chroma.length;
  const left = 90, bottom = 90, top = 10, right = 10;
  const w = canvas.width - left - right, h = canvas.height - top - bottom;
  const cw = w / cols, ch = h / n;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  // cost matrix (cosine distance; dark = close)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols; j++) {
      let dot = 0;
      for (let c = 0; c < 12; c++) dot += m.theme[i][c] * m.chroma[j][c];
      const v = Math.round(255 * Math.min(1, Math.max(0, 1 - dot)));
      g.fillStyle = 'rgb(' + v + ',' + v + ',' + v + ')';
      g.fillRect(left + j * cw, top + (n - 1 - i) * ch, Math.ceil(cw), Math.ceil(ch));
    }
  }
  // theme chroma on the left (12 pitch classes across), recording chroma below (12 pitch classes down)
  const sw = (left - 20) / 12, sh = (bottom - 30) / 12;
  for (let i = 0; i < n; i++) for (let c = 0; c < 12; c++) {
    g.fillStyle = heat(m.theme[i][c]);
    g.fillRect(5 + c * sw, top + (n - 1 - i) * ch, Math.ceil(sw), Math.ceil(ch));
  }
  for (let j = 0; j < cols; j++) for (let c = 0; c < 12; c++) {
    g.fillStyle = heat(m.chroma[j][c]);
    g.fillRect(left + j * cw, top + h + 10 + (11 - c) * sh, Math.ceil(cw), Math.ceil(sh));
  }
  // DTW path
  g.strokeStyle = '#d00';
  g.lineWidth = 2;
  g.beginPath();
  m.path.forEach(([i, j], k) => {
    const x = left + (j - m.from + 0.5) * cw, y = top + (n - 1 - i + 0.5) * ch;
    if (k === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
  g.fillStyle = '#333';
  g.font = '12px sans-serif';
  g.fillText('theme', 5, top + h + 24);
  g.fillText('recording ' + clock(m.from / m.rate) + ' – ' + clock((m.from + cols) / m.rate), left, canvas.height - 6);
  $('why-text').textContent = (hit.name || hit.path) + ': the grey matrix is the distance of every theme frame '
    + '(rows, chroma on the left) to every recording frame (columns, chroma below) around the match; the red line is '
    + 'the alignment that DTW chose, from ' + clock(m.start) + ' to ' + clock(m.end) + ', cost ' + m.cost.toFixed(4) + '.';
}

function heat(v) {
  const x = Math.max(0, Math.min(1, v));
  return 'rgb(' + Math.round(255 - 200 * x) + ',' + Math.round(255 - 120 * x) + ',' + Math.round(255 - 40 * x) + ')';
}

// ---------- index overview ----------
async function loadIndex() {
  clearError();
  try {
    const index = await api('api/index');
    const facts = $('index-facts');
    facts.replaceChildren();
    const rows = [['Index', index.name], ['Recordings', String(index.recordings)],
      ['Audio', index.audioHours.toFixed(2) + ' hours'], ['Features', index.features.description],
      ['Size', (index.sizeBytes / 1e6).toFixed(2) + ' MB'],
      ['Last commit', '#' + index.lastCommit.generation + (index.lastCommit.time ? ', ' + index.lastCommit.time : '')]];
    for (const [k, v] of rows) {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = v;
      facts.append(dt, dd);
    }
    state.recordingsOffset = 0;
    $('recordings').tBodies[0].replaceChildren();
    await moreRecordings();
  } catch (e) {
    showError(e.message);
  }
}

async function moreRecordings() {
  const page = await api('api/recordings?offset=' + state.recordingsOffset + '&limit=100');
  const body = $('recordings').tBodies[0];
  for (const r of page.recordings) {
    const tr = document.createElement('tr');
    for (const text of [r.name, clock(r.seconds), r.path]) {
      const td = document.createElement('td'); td.textContent = text; tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  state.recordingsOffset += page.recordings.length;
  $('more').hidden = state.recordingsOffset >= page.total;
}

// ---------- navigation and wiring ----------
function route() {
  const index = location.hash === '#index';
  $('page-index').hidden = !index;
  $('page-search').hidden = index;
  $('nav-index').toggleAttribute('aria-current', index);
  $('nav-search').toggleAttribute('aria-current', !index);
  if (index) { $('nav-index').setAttribute('aria-current', 'page'); loadIndex(); }
  else $('nav-search').setAttribute('aria-current', 'page');
}

document.addEventListener('DOMContentLoaded', () => {
  $('theme-file').addEventListener('change', (e) => { if (e.target.files[0]) useFile(e.target.files[0]); });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) useFile(e.dataTransfer.files[0]);
  });
  $('use-text').addEventListener('click', useTypedTheme);
  $('search-form').addEventListener('submit', search);
  $('more').addEventListener('click', () => moreRecordings().catch((e) => showError(e.message)));
  window.addEventListener('hashchange', route);
  route();
});
