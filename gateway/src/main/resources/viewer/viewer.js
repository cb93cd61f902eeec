// The screening viewer: sign in (the gateway answers with an HttpOnly session cookie; the key is
// never kept), pick a feed, watch its results over Server-Sent Events. No framework, no build.
'use strict';

const $ = (id) => document.getElementById(id);
const MAX_FRAMES = 200;

const state = {
  feed: null,        // the feed watched
  source: null,      // its EventSource
  lastEventId: null, // where to resume if the stream has to be opened again
  frames: new Map(), // frame_id -> merged results of that frame, oldest first
  shown: null,       // frame_id on the canvas
  following: true,   // show each new frame as it comes
  summary: null,
  tiles: null,       // true once the feed is known to be a slide's tiles, false if it is not
  replayAfter: new Map(), // feed -> the event id after which its recent results replay
  drawing: 0,        // the latest drawing of the canvas begun
  painted: 0,        // the latest drawing that reached the canvas; an older one gives way
};

function setConnection(name, text) {
  $('connection').dataset.state = name;
  $('connection').textContent = text;
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ credentials: 'same-origin' }, options));
  if (response.status === 401) {
    signedOut();
    throw new Error('signed out');
  }
  return response;
}

// --- Sign-in -----------------------------------------------------------------------------------

async function signIn(event) {
  event.preventDefault();
  const key = $('api-key');
  const response = await fetch('/v1/session', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ api_key: key.value }),
  });
  key.value = ''; // the cookie stands for the key from now on
  if (!response.ok) {
    $('sign-in-error').textContent = (await response.json()).detail;
    return;
  }
  $('tenant').textContent = 'tenant ' + (await response.json()).tenant;
  await signedIn();
}

async function signedIn() {
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = false;
  await loadFeeds();
}

function signedOut() {
  closeStream();
  setConnection('idle', 'not connected');
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('tenant').textContent = '';
}

async function signOut() {
  await fetch('/v1/session', { method: 'DELETE', credentials: 'same-origin' });
  signedOut();
}

// --- Feeds and the stream ----------------------------------------------------------------------

async function loadFeeds() {
  const { feeds } = await (await api('/v1/feeds')).json();
  state.replayAfter = new Map(feeds.map((feed) => [feed.feed_id, feed.replay_after]));
  $('feeds').replaceChildren(...feeds.map((feed) => new Option(feed.feed_id, feed.feed_id)));
}

function openFeed() {
  const feed = $('feed').value.trim();
  if (!feed) return;
  closeStream();
  Object.assign(state, { feed, lastEventId: state.replayAfter.get(feed) || null,
    frames: new Map(), shown: null, following: true, summary: null, tiles: null });
  $('timeline').replaceChildren();
  $('dead-letters').replaceChildren();
  $('summary-view').hidden = true;
  $('grid-view').hidden = true;
  api(`/v1/feeds/${encodeURIComponent(feed)}/summary`)
    .then((r) => (r.ok ? r.json().then(showSummary) : null)).catch(() => {});
  connect();
}

function connect() {
  setConnection('connecting', 'connecting');
  // Resuming after a given id (the feed's replay point, then the last id seen) replays what the
  // page has not seen yet; from then on the EventSource sends Last-Event-ID itself.
  const resume = state.lastEventId ? `?lastEventId=${encodeURIComponent(state.lastEventId)}` : '';
  const source = new EventSource(`/v1/feeds/${encodeURIComponent(state.feed)}/results${resume}`);
  state.source = source;
  source.onopen = () => setConnection('live', 'live');
  source.onerror = () => {
    if (source.readyState === EventSource.CONNECTING) {
      setConnection('reconnecting', 'reconnecting…');
      return;
    }
    // The browser gave up (e.g. a node answered 503 while starting): try again, as ourselves.
    setConnection('reconnecting', 'reconnecting…');
    source.close();
    // Signing out (a 401 here does it) drops state.source, and with it this retry.
    setTimeout(() => api('/v1/feeds').catch(() => {}).then(() => {
      if (state.source === source) connect();
    }), 1000);
  };
  source.addEventListener('result', (event) => {
    state.lastEventId = event.lastEventId;
    addResult(JSON.parse(event.data));
  });
  source.addEventListener('dead_letter', (event) => addDeadLetter(JSON.parse(event.data)));
  source.addEventListener('summary', (event) => showSummary(JSON.parse(event.data)));
}

function closeStream() {
  if (state.source) state.source.close();
  state.source = null;
}

// --- Results -----------------------------------------------------------------------------------

function addResult(result) {
  let frame = state.frames.get(result.frame_id);
  if (!frame) {
    frame = { id: result.frame_id, sequence: result.sequence, results: [] };
    state.frames.set(frame.id, frame);
    if (state.frames.size > MAX_FRAMES) state.frames.delete(state.frames.keys().next().value);
  }
  frame.results.push(result);
  frame.classification = frame.classification || result.classification;
  frame.segmentation = frame.segmentation || result.segmentation;
  frame.kernelMap = frame.kernelMap || result.involution_kernel_png;
  frame.needsReview = frame.needsReview || result.needs_review;
  // The method of the figure shown: the frame's highest uncertainty over its results.
  if (result.uncertainty != null && result.uncertainty >= (frame.uncertainty ?? 0)) {
    frame.uncertaintyMethod = result.uncertainty_method;
  }
  frame.uncertainty = Math.max(frame.uncertainty ?? 0, result.uncertainty ?? 0);
  frame.hasUncertainty = frame.hasUncertainty || result.uncertainty != null;
  frame.latency = Math.max(frame.latency ?? 0, result.timings.end_to_end_ms);
  renderTimeline();
  placeTile(frame);
  if (state.following || state.shown === frame.id) showFrame(frame.id);
}

function renderTimeline() {
  const items = [...state.frames.values()].reverse().map((frame) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.frame = frame.id;
    button.textContent = `#${frame.sequence} ${frame.classification ? frame.classification.top1_label : ''}`
      + (frame.needsReview ? ' ⚑ review' : '');
    button.classList.toggle('review', !!frame.needsReview);
    button.classList.toggle('selected', frame.id === state.shown);
    const item = document.createElement('li');
    item.append(button);
    return item;
  });
  $('timeline').replaceChildren(...items);
}

function pick(event) {
  const id = event.target.dataset && event.target.dataset.frame;
  if (!id) return;
  state.following = false;
  $('follow').hidden = false;
  showFrame(id);
  renderTimeline();
}

function follow() {
  state.following = true;
  $('follow').hidden = true;
  const newest = [...state.frames.keys()].pop();
  if (newest) showFrame(newest);
}

async function showFrame(id) {
  const frame = state.frames.get(id);
  state.shown = id;
  const c = frame.classification;
  $('frame-id').textContent = frame.id;
  $('sequence').textContent = frame.sequence;
  $('label').textContent = c ? `${c.top1_label} (${c.top1_probability.toFixed(3)})` : '–';
  $('probabilities').replaceChildren(...(c ? c.labels.map((label, i) => {
    const item = document.createElement('li');
    item.textContent = `${label}: ${c.probabilities[i].toFixed(3)}`;
    return item;
  }) : []));
  $('uncertainty').textContent = frame.hasUncertainty ? frame.uncertainty.toFixed(3) : '–';
  $('uncertainty-method').textContent = frame.uncertaintyMethod ?? '–';
  $('needs-review').hidden = !frame.needsReview;
  $('latency').textContent = `${frame.latency.toFixed(0)} ms`;
  await draw(frame);
}

function loadImage(src) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = reject;
    image.src = src;
  });
}

// The frame's image, then its mask in red and, on demand, its explanation and kernel map, at the
// chosen opacity and the frame's size.
async function draw(frame) {
  const drawing = ++state.drawing;
  const canvas = $('canvas');
  const g = canvas.getContext('2d');
  let image = null;
  try {
    image = await loadImage(`/v1/frames/${encodeURIComponent(frame.id)}/image`);
    $('image-state').textContent = `${image.naturalWidth}×${image.naturalHeight}`;
  } catch (e) {
    $('image-state').textContent = 'not available (not located yet, or past retention)';
  }
  const mask = frame.segmentation
    ? await loadImage(`data:image/png;base64,${frame.segmentation.mask_png}`) : null;
  const explanation = $('explain').checked && frame.classification?.explanation_png
    ? await loadImage(`data:image/png;base64,${frame.classification.explanation_png}`) : null;
  const kernels = $('kernels').checked && frame.kernelMap
    ? await loadImage(`data:image/png;base64,${frame.kernelMap}`) : null;
  // A newer drawing (another frame, a mask) already painted. One still loading does not stop
  // this one: when frames come faster than images load, the canvas would never be painted.
  if (drawing < state.painted) return;
  state.painted = drawing;
  canvas.width = image ? image.naturalWidth : (mask ? mask.naturalWidth : 256);
  canvas.height = image ? image.naturalHeight : (mask ? mask.naturalHeight : 256);
  g.fillStyle = '#222';
  g.fillRect(0, 0, canvas.width, canvas.height);
  if (image) g.drawImage(image, 0, 0);
  g.globalAlpha = Number($('opacity').value);
  if (mask) g.drawImage(tint(mask), 0, 0, canvas.width, canvas.height);
  if (explanation) g.drawImage(heat(explanation), 0, 0, canvas.width, canvas.height);
  if (kernels) g.drawImage(energy(kernels), 0, 0, canvas.width, canvas.height);
  g.globalAlpha = 1;
  canvas.dataset.frame = frame.id;
}

// A Grad-CAM map in yellow, as opaque as it is bright: where the class score looked hardest.
function heat(map) {
  return recolour(map, (v) => [255, 200, 0, v]);
}

// An involution kernel-energy map in cyan, as opaque as it is bright: where the involution
// built its strongest kernels.
function energy(map) {
  return recolour(map, (v) => [0, 200, 255, v]);
}

function tint(mask) {
  return recolour(mask, (v) => (v > 127 ? [255, 0, 0, 255] : [0, 0, 0, 0]));
}

// A grey image as a layer whose every pixel is colour(grey level).
function recolour(grey, colour) {
  const layer = document.createElement('canvas');
  layer.width = grey.naturalWidth;
  layer.height = grey.naturalHeight;
  const g = layer.getContext('2d');
  g.drawImage(grey, 0, 0);
  const pixels = g.getImageData(0, 0, layer.width, layer.height);
  for (let i = 0; i < pixels.data.length; i += 4) pixels.data.set(colour(pixels.data[i]), i);
  g.putImageData(pixels, 0, 0);
  return layer;
}

// --- Dead letters, summary, slide grid ---------------------------------------------------------

function addDeadLetter(letter) {
  const item = document.createElement('li');
  item.textContent = `${letter.frame_id}: ${letter.reason}`;
  $('dead-letters').prepend(item);
}

function showSummary(summary) {
  state.summary = summary;
  const rows = { kind: summary.kind, closed_by: summary.closed_by,
    frames_sent: summary.frames_sent, frames_screened: summary.frames_screened,
    model: summary.model, max_score: summary.max_score.toFixed(3) };
  $('summary').replaceChildren(...Object.entries(rows).flatMap(([name, value]) => {
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = name;
    dd.textContent = value ?? '–';
    return [dt, dd];
  }));
  $('summary-view').hidden = false;
}

// A frame's score: the probability of the summary's score label, else its top-1 probability.
function score(frame) {
  const c = frame.classification;
  const at = state.summary && state.summary.score_label ? c.labels.indexOf(state.summary.score_label) : -1;
  return at >= 0 ? c.probabilities[at] : c.top1_probability;
}

// Tiles of a slide, placed by their position on it; the first frame tells whether it is one.
async function placeTile(frame) {
  if (!frame.classification || frame.tile || state.tiles === false) return;
  const response = await api(`/v1/frames/${encodeURIComponent(frame.id)}/tile`).catch(() => null);
  if (!response || !response.ok) {
    if (state.tiles === null && response && response.status === 404) state.tiles = false;
    return;
  }
  frame.tile = await response.json();
  state.tiles = true;
  $('grid-view').hidden = false;
  const canvas = $('grid');
  const scale = canvas.width / Math.max(frame.tile.slide_width, frame.tile.slide_height);
  const g = canvas.getContext('2d');
  g.fillStyle = `hsl(${Math.round(120 * (1 - score(frame)))}, 80%, 45%)`;
  const t = frame.tile;
  g.fillRect(t.x * scale, t.y * scale, Math.max(1, t.width * scale), Math.max(1, t.height * scale));
}

// --- Wiring ------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('refresh-feeds').addEventListener('click', loadFeeds);
  $('open-feed').addEventListener('click', openFeed);
  $('timeline').addEventListener('click', pick);
  $('follow').addEventListener('click', follow);
  const redraw = () => state.shown && draw(state.frames.get(state.shown));
  $('opacity').addEventListener('input', redraw);
  $('explain').addEventListener('change', redraw);
  $('kernels').addEventListener('change', redraw);
  // A cookie from earlier in this browser session may still be good.
  fetch('/v1/feeds', { credentials: 'same-origin' })
    .then((r) => (r.ok ? signedIn() : signedOut()), signedOut);
});
