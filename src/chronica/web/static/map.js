// The map page: filters in the form and the address, events drawn as clusters the server
// computes for the current zoom and view, a timeline and a list that follow the same filters.
"use strict";

const COLOURS = {
  "Battles": "var(--battles)", "Explosions/Remote violence": "var(--explosions)",
  "Violence against civilians": "var(--civilians)", "Protests": "var(--protests)",
  "Riots": "var(--riots)", "Strategic developments": "var(--strategic)",
};
const colour = (type) => getComputedStyle(document.documentElement)
  .getPropertyValue((COLOURS[type] || "var(--unknown)").slice(4, -1)).trim() || "#555";
const config = JSON.parse(document.getElementById("config").textContent);
const form = document.getElementById("filters");
const mapBox = document.getElementById("map");

const map = L.map("map", { worldCopyJump: true, preferCanvas: true, minZoom: 1 })
  .setView([25, 30], 3);
if (config.tileUrl) {
  L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "" }).addTo(map);
}
map.attributionControl.addAttribution("Outlines: Natural Earth (public domain)");
const markers = L.layerGroup().addTo(map);
const divisions = L.layerGroup().addTo(map);
const loadedDivisions = new Set();

function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

// ---- filters <-> address ---------------------------------------------------------------
function filterParams() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (value) params.set(name, value);
  return params;
}

function viewParams() {
  const params = filterParams();
  const b = map.getBounds();
  const wrap = (x) => ((((x + 180) % 360) + 360) % 360) - 180;
  const span = b.getEast() - b.getWest();
  const west = span >= 360 ? -180 : wrap(b.getWest());
  const east = span >= 360 ? 180 : wrap(b.getEast());
  const clamp = (y) => Math.max(-90, Math.min(90, y));
  params.set("bbox", [west, clamp(b.getSouth()), east, clamp(b.getNorth())]
    .map((v) => v.toFixed(4)).join(","));
  return params;
}

function fillFormFromAddress() {
  const params = new URLSearchParams(location.search);
  for (const element of form.elements) {
    if (element.name && params.has(element.name)) element.value = params.get(element.name);
  }
}

function option(select, value, count) {
  const opt = document.createElement("option");
  opt.value = value;
  opt.textContent = `${value} (${count})`;
  select.append(opt);
}

async function loadFacets() {
  const facets = await getJson("/api/facets");
  for (const c of facets.countries) option(form.elements.country, c.value, c.events);
  for (const t of facets.event_types) option(form.elements.event_type, t.value, t.events);
  for (const t of facets.sub_event_types) option(form.elements.sub_event_type, t.value, t.events);
  for (const g of facets.grades) option(form.elements.grade, g.value, g.events);
  const legend = document.getElementById("legend");
  legend.innerHTML = Object.keys(COLOURS).map((type) =>
    `<span><i style="background:${colour(type)}"></i>${escapeHtml(type)}</span>`).join("");
  return facets;
}

// ---- map layers ---------------------------------------------------------------------------
async function loadOutlines() {
  const countries = await getJson("/api/outlines/countries");
  L.geoJSON(countries, {
    interactive: false,
    style: { color: "#7b8a97", weight: 0.8, fillColor: "#f2efe6", fillOpacity: 1 },
  }).addTo(map).bringToBack();
}

async function loadDivisions(codes) {
  for (const code of codes) {
    if (loadedDivisions.has(code)) continue;
    loadedDivisions.add(code);
    try {
      const outline = await getJson(`/api/outlines/admin1/${code}`);
      const style = { color: "#a9b4bd", weight: 0.5, fill: false };
      L.geoJSON(outline, { interactive: false, style })
        .addTo(divisions);
    } catch (error) {
      console.info(`no division outlines for ${code}`);
    }
  }
}

function radius(fatalities) {
  return Math.min(26, 5 + 2.5 * Math.sqrt(fatalities || 0));
}

async function eventPopup(marker, id) {
  const { event } = await getJson(`/api/events/${encodeURIComponent(id)}`);
  const place = event.location.places.find((p) => p.place)?.place || event.location.dateline_place;
  marker.bindPopup(`<strong>${escapeHtml(event.sub_event_type)}</strong><br>
    ${escapeHtml(event.date_start || "undated")} · ${escapeHtml(place ? place.name : "")}<br>
    fatalities: ${escapeHtml(event.fatalities ?? "not reported")} ·
    ${escapeHtml(event.grade || "")}<br>
    <a class="event-link" href="/events/${encodeURIComponent(id)}">the report and its evidence</a>`)
    .openPopup();
}

function drawClusters(clusters) {
  markers.clearLayers();
  for (const c of clusters) {
    if (c.count === 1) {
      const marker = L.circleMarker([c.lat, c.lon], {
        radius: radius(c.fatalities), color: "#fff", weight: 1, fillColor: colour(c.event_type),
        fillOpacity: 0.85,
      }).addTo(markers);
      marker.on("click", () => eventPopup(marker, c.event_id));
    } else {
      const grown = 22 + 6 * Math.log10(c.count) + Math.sqrt(c.fatalities) / 2;
      const size = Math.round(Math.min(54, grown));
      L.marker([c.lat, c.lon], {
        icon: L.divIcon({
          className: "", iconSize: [size, size],
          html: `<div class="cluster" style="width:${size}px;height:${size}px;` +
            `line-height:${size - 4}px;background:${colour(c.event_type)}" ` +
            `title="${c.count} events, ${c.fatalities} fatalities">` +
            `${c.count}</div>`,
        }),
      }).addTo(markers).on("click", () => map.setView([c.lat, c.lon], map.getZoom() + 2));
    }
  }
}

// ---- timeline and list ----------------------------------------------------------------
function monthEnd(month) {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function drawTimeline(data) {
  const svg = document.getElementById("timeline");
  document.getElementById("bucket").textContent = data.buckets.length ? `per ${data.bucket}` : "";
  const width = svg.clientWidth || 340, height = svg.clientHeight || 90;
  const most = Math.max(1, ...data.buckets.map((b) => b.events));
  const step = Math.min(40, width / Math.max(1, data.buckets.length));
  svg.innerHTML = data.buckets.map((b, i) => {
    const h = Math.round((b.events / most) * (height - 4));
    const barWidth = Math.max(1, step - 1).toFixed(1);
    return `<rect x="${(i * step).toFixed(1)}" y="${height - h}" width="${barWidth}"` +
      ` height="${h}" data-start="${b.start}"><title>${b.start}: ${b.events} events, ` +
      `${b.fatalities} fatalities</title></rect>`;
  }).join("");
  for (const rect of svg.querySelectorAll("rect")) {
    rect.addEventListener("click", () => {
      const start = rect.dataset.start;
      form.elements.since.value = start.length === 7 ? `${start}-01` : start;
      form.elements.until.value = start.length === 7 ? monthEnd(start) : start;
      applyFilters();
    });
  }
}

function drawList(page) {
  const body = document.querySelector("#events tbody");
  body.innerHTML = page.items.map((e) => `<tr><td>${escapeHtml(e.date_start || "")}</td>
    <td><a class="event-link" href="/events/${encodeURIComponent(e.id)}">
      ${escapeHtml(e.sub_event_type)}</a></td>
    <td>${escapeHtml(e.place || e.country || "")}</td>
    <td>${escapeHtml(e.fatalities ?? "")}</td></tr>`).join("");
  document.getElementById("more").textContent =
    page.total > page.items.length
      ? `${page.items.length} of ${page.total} shown; zoom in or filter for others.` : "";
}

// ---- refresh ------------------------------------------------------------------------------
let generation = 0;

async function refresh() {
  const mine = ++generation;
  const view = viewParams();
  const zoomed = new URLSearchParams(view);
  zoomed.set("zoom", map.getZoom());
  const listed = new URLSearchParams(view);
  listed.set("limit", 50);
  const [clusters, timeline, page, everywhere] = await Promise.all([
    getJson(`/api/events/clusters?${zoomed}`), getJson(`/api/timeline?${view}`),
    getJson(`/api/events?${listed}`), getJson(`/api/events?${filterParams()}&limit=1`),
  ]);
  if (mine !== generation) return; // a newer refresh has started: drop this one
  drawClusters(clusters.clusters);
  drawTimeline(timeline);
  drawList(page);
  document.getElementById("matched").textContent =
    `${everywhere.total} events match · ${page.total} in view`;
  for (const id of ["acled", "ucdp", "plover"]) {
    document.getElementById(`export-${id}`).href = `/api/export/${id}?${filterParams()}`;
  }
  document.getElementById("export-geojson").href = `/api/events.geojson?${filterParams()}`;
  mapBox.dataset.loads = String(Number(mapBox.dataset.loads) + 1); // tests wait on this
}

function applyFilters() {
  const params = filterParams();
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  refresh().catch(showError);
}

function showError(error) {
  document.getElementById("matched").textContent = `could not load: ${error.message}`;
  console.error(error);
}

form.addEventListener("submit", (event) => { event.preventDefault(); applyFilters(); });
form.addEventListener("reset", () => setTimeout(applyFilters, 0));

(async () => {
  const facets = await loadFacets();
  fillFormFromAddress();
  if (facets.extent) {
    const [west, south, east, north] = facets.extent;
    map.fitBounds([[south, west], [north, east]], { maxZoom: 7, padding: [40, 40] });
  }
  await loadOutlines();
  await refresh();
  let moved; // from now on, each pan or zoom redraws (after the first fit, not during it)
  map.on("moveend", () => {
    clearTimeout(moved);
    moved = setTimeout(() => refresh().catch(showError), 150);
  });
  loadDivisions(facets.countries.slice(0, 8).map((c) => c.value)).catch(showError);
})().catch(showError);
