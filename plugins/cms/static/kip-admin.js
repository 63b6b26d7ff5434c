/* The admin around the form: Ukrainian words where Decap CMS has none, each item's
 * date and state in the lists, links from an item to what the build made of it, and,
 * under `invoke edit`, whether the site was updated after a save.
 *
 * site.json (plugins/cms/generator.py) says where each kind's pages are, what each
 * item's dates and status are, and where the gate of `invoke edit` listens.
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  var site = null;
  var local = ["127.0.0.1", "localhost"].indexOf(window.location.hostname) !== -1;

  // -- words --------------------------------------------------------------------------

  /* Decap's Ukrainian phrases have gaps (English shows through) and two buttons that
   * read alike: "Завантажити" (upload) and "Отримати" (download). */
  var PHRASES = {
    collection: {
      collectionTop: { viewAsList: "Список", viewAsGrid: "Плитки" },
      entries: { unpublishedHeader: "Неопубліковані записи" },
      groups: { other: "Інше", negateLabel: "Не %{label}" },
      defaultFields: { author: { label: "Автор" }, updatedOn: { label: "Змінено" } }
    },
    editor: {
      editorControl: { field: { widgetLabel: "поле %{widgetLabel}" } },
      editor: { onUnpublishing: "Зняти цей запис із сайту?" },
      editorToolbar: {
        changesSaved: "Незбережених змін немає",
        deployButtonLabel: "Відкрити сторінку на сайті",
        deleteEntry: "Видалити запис",
        deletePublishedEntry: "Видалити запис з сайту"
      },
      editorWidgets: {
        markdown: { strikethrough: "Закреслений", richText: "Форматований текст",
                    markdown: "Markdown", toggleMode: { rich: "Форматований текст",
                                                        markdown: "Розмітка Markdown" } },
        datetime: { setToNow: "Поставити «%{fieldLabel}» на зараз" },
        object: { expand: "Розгорнути", collapse: "Згорнути" }
      }
    },
    mediaLibrary: {
      mediaLibraryModal: { upload: "Додати з пристрою", download: "Зберегти на пристрій",
                           close: "Закрити", deleteSelected: "Видалити з сайту" }
    },
    ui: { settingsDropdown: { account: "Обліковий запис" } }
  };
  /* Words the bundle writes without a phrase (react-select, the media toasts). */
  var TEXTS = [
    [/^No options$/, "Немає варіантів"],
    [/API_ERROR: /, ""],
    [/^Failed to persist media: (?:Error: )?/, "Не вдалося додати файл: "],
    [/^Failed to load media: (?:Error: )?/, "Не вдалося показати файли: "],
    [/^Failed to delete media: (?:Error: )?/, "Не вдалося видалити файл: "],
    [/^RichText$/, "Форматований текст"],
    [/^Rich Text$/, "Форматований текст"]
  ];

  function merge(target, extra) {
    Object.keys(extra).forEach(function (key) {
      if (extra[key] && typeof extra[key] === "object") {
        target[key] = merge(target[key] && typeof target[key] === "object" ? target[key] : {},
                            extra[key]);
      } else {
        target[key] = extra[key];
      }
    });
    return target;
  }
  CMS.registerLocale("uk", merge(JSON.parse(JSON.stringify(CMS.getLocale("uk"))), PHRASES));

  function translateTexts(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      for (var i = 0; i < TEXTS.length; i++) {
        if (TEXTS[i][0].test(node.nodeValue)) {
          node.nodeValue = node.nodeValue.replace(TEXTS[i][0], TEXTS[i][1]);
        }
      }
    }
  }

  /* The address is required of a new item (kip-cms.js checks it) but not written in
   * every file, so Decap calls it optional: its label says nothing. */
  function requiredLabels() {
    var inputs = document.querySelectorAll("input[data-kip-required]");
    for (var i = 0; i < inputs.length; i++) {
      var label = document.querySelector('label[for="' + inputs[i].id + '"]');
      var parts = label ? label.querySelectorAll("span") : [];
      for (var j = 0; j < parts.length; j++) {
        if (/необов/.test(parts[j].textContent)) parts[j].hidden = true;
      }
    }
  }

  // -- an item's pages ----------------------------------------------------------------

  function base() {
    if (site && site.gate && local) return window.location.origin + "/";
    return ((site && site.public_url) || window.location.origin).replace(/\/?$/, "/");
  }

  /* The item's page in each language, and for events and courses its kit, poster and
   * share images (plugins/kit, plugins/cards). */
  function pagesOf(collection, slug) {
    if (!site || !site.urls[collection] || !slug) return [];
    var path = site.urls[collection].replace("{slug}", slug);
    var names = { uk: "Сторінка українською", en: "Сторінка англійською" };
    var links = site.languages.map(function (code) {
      return { text: names[code] || code, href: base() + site.prefixes[code] + path };
    });
    var item = (site.entries[collection] || {})[slug] || {};
    if (collection === "events" || collection === "courses" || item.kit === "yes") {
      var kind = { events: "event", courses: "course", news: "news" }[collection];
      links.push({ text: "Набір для соцмереж", href: base() + path + "kit/" });
      links.push({ text: "Плакат (PDF)", href: base() + path + "poster.pdf" });
      links.push({ text: "Картка", href: base() + "cards/" + kind + "/" + slug + ".png" });
    }
    return links;
  }

  // -- an item's state in the lists ---------------------------------------------------

  function kyivNow() {
    // sv-SE writes 2017-04-07 18:00:00: comparable with the files' dates as text.
    return new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Kyiv", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).format(new Date()).replace("T", " ");
  }

  function stateOf(collection, item) {
    var now = kyivNow(), status = item.status || "";
    if (status === "draft") return ["чернетка", "draft"];
    if (status === "hidden") return ["приховано", "hidden"];
    if (collection === "events") {
      if (status === "cancelled") return ["скасовано", "cancelled"];
      if (status === "postponed") return ["відкладено", "cancelled"];
      if (item.announce && item.announce > now) return ["чекає оголошення", "scheduled"];
      var end = item.end || item.start || "";
      return end.length === 10 ? (end < now.slice(0, 10) ? ["минула", "past"] : ["майбутня", "upcoming"])
        : (end < now ? ["минула", "past"] : ["майбутня", "upcoming"]);
    }
    if (item.date && item.date > now) return ["заплановано", "scheduled"];
    return collection === "news" ? ["опубліковано", "published"] : null;
  }

  function shortDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?/.exec(text || "");
    return m ? m[3] + "." + m[2] + "." + m[1] + (m[4] ? " " + m[4] : "") : "";
  }

  function decorateLists() {
    if (!site) return;
    var links = document.querySelectorAll('a[href*="/collections/"][href*="/entries/"]');
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      if (a.querySelector(".kip-badges")) continue;
      var match = /collections\/([^/]+)\/entries\/([^/?#]+)/.exec(a.getAttribute("href"));
      var item = match && site.entries[match[1]] && site.entries[match[1]][match[2]];
      if (!item) continue;
      var state = stateOf(match[1], item);
      var line = document.createElement("span");
      line.className = "kip-badges";
      var when = shortDate(item.start || item.date);
      if (when) line.appendChild(document.createTextNode(when));
      if (state) {
        var badge = document.createElement("span");
        badge.className = "kip-state kip-state-" + state[1];
        badge.textContent = state[0];
        line.appendChild(badge);
      }
      a.appendChild(line);
    }
  }

  // -- the panel under the form -------------------------------------------------------

  var panel = document.createElement("div");
  panel.className = "kip-panel";
  panel.setAttribute("role", "status");
  panel.setAttribute("aria-live", "polite");
  panel.hidden = true;

  function openEntry() {
    var match = /#\/collections\/([^/]+)\/(?:entries\/([^/?]+)|new)/.exec(window.location.hash);
    return match ? { collection: match[1], slug: match[2] || "" } : null;
  }

  function show(message, tone, links) {
    panel.textContent = "";
    panel.className = "kip-panel kip-" + tone;
    if (message) {
      var text = document.createElement("p");
      text.textContent = message.split("\n")[0];
      panel.appendChild(text);
      var rest = message.split("\n").slice(1);
      if (rest.length) {
        var list = document.createElement("ul");
        rest.forEach(function (line) {
          var li = document.createElement("li");
          li.textContent = line;
          list.appendChild(li);
        });
        panel.appendChild(list);
      }
    }
    if (links && links.length) {
      var nav = document.createElement("nav");
      nav.setAttribute("aria-label", "Що зроблено з цього запису");
      links.forEach(function (link) {
        var a = document.createElement("a");
        a.href = link.href;
        a.target = "_blank";
        a.rel = "noopener";
        a.textContent = link.text;
        nav.appendChild(a);
      });
      panel.appendChild(nav);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "kip-close";
    close.setAttribute("aria-label", "Сховати");
    close.textContent = "×";
    close.onclick = function () { panel.hidden = true; shownFor = "closed:" + window.location.hash; };
    panel.appendChild(close);
    panel.hidden = false;
  }

  var shownFor = "";
  function showEntryLinks() {
    var entry = openEntry();
    var key = window.location.hash;
    if (shownFor === key || shownFor === "closed:" + key || waiting) return;
    shownFor = key;
    if (!entry || !entry.slug) { panel.hidden = true; return; }
    show("", "links", pagesOf(entry.collection, entry.slug));
  }

  // -- after a save: the site updated, or why not -------------------------------------

  var waiting = false;
  function statusUrl() { return site.gate.replace(/\/?$/, "/status"); }

  /* When a saved item appears on the published site: now, or at its `Date:` or
   * `Announce:` (Kyiv time) when that is still ahead. */
  function scheduledFor(entry) {
    var data = entry.get("data");
    var when = data && (data.get("announce") || (entry.get("collection") === "news" && data.get("date")));
    return when && String(when) > kyivNow() ? String(when) : "";
  }

  function afterSave(entry) {
    if (!site || !site.gate) return;
    var collection = entry.get("collection"), slug = entry.get("slug");
    var later = scheduledFor(entry);
    waiting = true;
    show("Зберігаю й оновлюю сайт…", "busy", []);
    var tries = 0;
    (function poll() {
      fetch(statusUrl()).then(function (r) { return r.json(); }).then(function (state) {
        // `pending`: the gate let this save through and no build has started since.
        if (state.running || state.pending) {
          if (++tries < 240) { setTimeout(poll, 250); return; }
          waiting = false;
          show("Сайт ще оновлюється; перевірте сторінку за хвилину.", "busy",
               pagesOf(collection, slug));
          return;
        }
        waiting = false;
        shownFor = window.location.hash;
        // A new item's address is in the editor's URL once it is saved.
        var open = openEntry();
        if (open && open.slug) { collection = open.collection; slug = open.slug; }
        if (state.ok) {
          show(later ? "Збережено й заплановано: на опублікованому сайті запис з’явиться " +
               shortDate(later) + " (за київським часом). Тут, у перегляді, його вже видно."
               : "Сайт оновлено: зміни вже на сторінках.", "ok", pagesOf(collection, slug));
          loadSite();
        } else {
          show("Зміни збережено, але сайт НЕ оновлено: збірка зупинилася. Виправте:\n" +
               state.problems.join("\n"), "error", []);
        }
      }, function () {
        waiting = false;
        show("Не вдалося дізнатися, чи оновлено сайт: чи працює invoke edit?", "error", []);
      });
    })();
  }
  CMS.registerEventListener({ name: "postSave", handler: function (data) { afterSave(data.entry); } });
  CMS.registerEventListener({ name: "postPublish", handler: function (data) { afterSave(data.entry); } });

  // -- wiring ---------------------------------------------------------------------------

  var scheduled = false;
  function refresh() {
    scheduled = false;
    translateTexts(document.body);
    requiredLabels();
    decorateLists();
    showEntryLinks();
  }
  new MutationObserver(function () {
    if (!scheduled) { scheduled = true; window.requestAnimationFrame(refresh); }
  }).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("hashchange", function () { if (!waiting) panel.hidden = true; refresh(); });

  function loadSite() {
    return fetch("site.json", { cache: "no-store" }).then(function (r) { return r.json(); })
      .then(function (data) {
        site = data;
        window.KipCms.useSite(data);
        refresh();
        return data;
      });
  }

  document.body.appendChild(panel);
  loadSite().then(function (data) {
    // Under `invoke edit`, "open the page" opens the local site, not the public one.
    var config = data.gate && local ? { site_url: window.location.origin,
                                        display_url: window.location.origin } : {};
    CMS.init({ config: config });
  }, function () { CMS.init(); });
})();
