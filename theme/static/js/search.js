// Search page: Pagefind's index for this page's language, results as a plain list.
const script = document.currentScript || document.querySelector("script[data-bundle]");
const input = document.getElementById("search-q");
const list = document.getElementById("search-results");
const status = document.getElementById("search-status");
const say = (key, query) => script.dataset[key].replace("{query}", query);

const bundle = new URL(script.dataset.bundle, document.baseURI).href;
// A preview build serves the last index until Pagefind has read the new pages.
fetch(`${bundle}pagefind-entry.json`, { cache: "no-store" })
  .then((response) => response.json())
  .then((entry) => { document.getElementById("search-stale").hidden = !entry.stale; })
  .catch(() => {});
const pagefind = await import(`${bundle}pagefind.js`);
// The index lives in the language's tree (en/pagefind/) but its URLs start at the site's root.
await pagefind.options({
  excerptLength: 24,
  baseUrl: new URL(script.dataset.root, document.baseURI).pathname,
});

function item(result) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.meta.title || result.url;
  const heading = document.createElement("h2");
  heading.append(link);
  li.append(heading);
  const facts = [result.meta.kind, result.meta.when].filter(Boolean).join(" · ");
  if (facts) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = facts;
    li.append(meta);
  }
  const excerpt = document.createElement("p");
  // Pagefind escapes the page text and adds only <mark> around the matches.
  excerpt.innerHTML = result.excerpt;
  li.append(excerpt);
  return li;
}

let latest = 0;
async function run(query) {
  const ticket = ++latest;
  list.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  status.textContent = say("loading", query);
  const search = await pagefind.debouncedSearch(query, {}, 250);
  if (search === null || ticket !== latest) return;
  const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...results.map(item));
  status.textContent = say(results.length ? "found" : "none", query);
}

const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
input.addEventListener("input", () => {
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
});
input.form.addEventListener("submit", (event) => { event.preventDefault(); run(input.value); });
run(initial);
