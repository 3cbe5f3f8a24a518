/*
 * The search page: Pagefind over http(s), Sphinx's search from file://.
 *
 * Pagefind fetches only the index chunks a query needs, but it is an ES
 * module that loads its files with fetch(), which browsers refuse to pages
 * opened from file://.  There, or when the Pagefind bundle is missing, the
 * page loads Sphinx's search and its whole searchindex.js, as Sphinx's own
 * search page does; so it does when the build ran no Pagefind.  Results are shown in the markup of Sphinx's search
 * (ul.search, p.search-summary), which the theme styles.
 */
"use strict";

(() => {
  const script = document.currentScript;
  // Empty when the build ran no Pagefind (eventnotes_pagefind = False).
  const pagefindURL = script.dataset.pagefind ? new URL(script.dataset.pagefind, document.baseURI) : null;
  const sphinxScripts = script.dataset.sphinxScripts.split(" ");
  const BATCH = 10; // results whose details are fetched at a time

  const loadScript = (src) =>
    new Promise((resolve, reject) => {
      const element = document.createElement("script");
      element.src = src;
      element.onload = resolve;
      element.onerror = reject;
      document.body.appendChild(element);
    });

  const sphinxSearch = async () => {
    // Its summaries fetch() each page found, which file:// refuses too.
    if (window.location.protocol === "file:") DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
    // language_data.js, then searchtools.js, which starts the query, then
    // searchindex.js, which hands it the index.
    for (const src of sphinxScripts) await loadScript(src);
  };

  const showResults = async (pagefind, query) => {
    const out = document.getElementById("search-results");
    const title = out.appendChild(document.createElement("h2"));
    title.textContent = _("Searching");
    const summary = out.appendChild(document.createElement("p"));
    summary.classList.add("search-summary");
    const list = out.appendChild(document.createElement("ul"));
    list.setAttribute("role", "list");
    list.classList.add("search");

    const search = await pagefind.search(query);
    const results = search ? search.results : [];
    let shown = 0;
    const showBatch = async () => {
      const batch = results.slice(shown, shown + BATCH);
      shown += batch.length;
      for (const data of await Promise.all(batch.map((result) => result.data()))) {
        const item = list.appendChild(document.createElement("li"));
        const link = item.appendChild(document.createElement("a"));
        link.href = data.url;
        link.textContent = data.meta.title || data.url;
        // Where and when (a talk: its conference and day), or what (a speaker's page); the build
        // writes these as Pagefind metadata (eventnotes.search).  In the span of Sphinx's own
        // results, beside the title, which the theme styles.
        const about = [data.meta.kind, data.meta.conference, data.meta.date].filter(Boolean).join(", ");
        if (about) {
          const meta = item.appendChild(document.createElement("span"));
          meta.classList.add("eventnotes-search-meta");
          meta.textContent = ` (${about})`;
        }
        const context = item.appendChild(document.createElement("p"));
        context.classList.add("context");
        context.innerHTML = data.excerpt; // Pagefind's escaped text, with <mark> around the words found
      }
    };
    await showBatch();
    title.textContent = _("Search Results");
    summary.textContent = results.length
      ? Documentation.ngettext(
          "Search finished, found one page matching the search query.",
          "Search finished, found ${resultCount} pages matching the search query.",
          results.length,
        ).replace("${resultCount}", results.length)
      : _(
          "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.",
        );
    // The next results as the reader reaches the end of the list.
    const end = out.appendChild(document.createElement("div"));
    const observer = new IntersectionObserver(async (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.unobserve(end);
      await showBatch();
      if (shown < results.length) observer.observe(end);
    });
    if (shown < results.length) observer.observe(end);
  };

  const pagefindSearch = async (query) => {
    let pagefind;
    try {
      pagefind = await import(pagefindURL.href);
    } catch (error) {
      return false;
    }
    // Results link to pages under the site's root, wherever it is served.  Pagefind
    // searches in the page, not in a web worker: this page does nothing else meanwhile,
    // and the worker is one more script to download before the first result.
    await pagefind.options({ baseUrl: new URL("..", pagefindURL).pathname, noWorker: true });
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
      localStorage.setItem("sphinx_highlight_terms", query.toLowerCase().trim());
    await showResults(pagefind, query);
    return true;
  };

  const start = async () => {
    if (window.location.protocol === "file:" || !pagefindURL) return sphinxSearch();
    const query = new URLSearchParams(window.location.search).get("q") || "";
    document.querySelectorAll('input[name="q"]').forEach((input) => (input.value = query));
    if (query.trim() && !(await pagefindSearch(query))) {
      document.getElementById("search-results").replaceChildren();
      await sphinxSearch();
    }
  };

  start();
})();
