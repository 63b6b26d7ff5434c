/* The site's own parts of the Decap CMS admin: the file format, the rules of the
 * content checks that Decap has no word for, and the previews.
 *
 * config.yml is made from plugins/schema; the `kip_*` keys of a field name the
 * rule checked here. The build checks every rule again (plugins/checks).
 */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  var format = window.KipPelicanFormat;
  var site = { slugs: {}, dates: {}, languages: ["uk", "en"] };

  CMS.registerCustomFormat("pelican", "md", { fromFile: format.fromFile, toFile: format.toFile });

  // The addresses already taken and the date words, from the last build: kip-admin.js
  // reads site.json, at the start and after each build, and hands it over here.
  window.KipCms = { useSite: function (data) { site = data; } };

  // A field's value in the default language, or in ``lang``'s file of the pair.
  function entryValue(props, name, lang) {
    // getEntry: the draft as it is now; a column's own `entry` prop may predate the
    // last change in the other column.
    var entry = props.getEntry ? props.getEntry() : props.entry;
    if (!entry) return "";
    var value = lang ? entry.getIn(["i18n", lang, "data", name]) : entry.getIn(["data", name]);
    return value === undefined || value === null ? "" : String(value).trim();
  }

  /* Decap validates only the default language's column before saving; its control of a
   * per-language field checks the other columns too, so no file of the pair is saved
   * without what the checks require of it. */
  function otherLanguages(props) {
    var translated = [true, "translate"].indexOf(props.field.get("i18n")) !== -1;
    var defaultColumn = !props.locale || props.locale === site.languages[0];
    var entry = props.getEntry ? props.getEntry() : props.entry;
    var i18n = entry && entry.get("i18n");
    if (!translated || !defaultColumn || !i18n) return [];
    return i18n.keySeq().toArray().filter(function (code) { return code !== site.languages[0]; });
  }

  /* An event's time as written: `2017-04-07 18:00` or a whole day `2017-04-07`
   * (Kyiv time; an explicit offset is compared as written). */
  function instant(text) {
    var match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?/.exec(text);
    if (!match) return null;
    return { day: match[1], key: match[1] + " " + (match[2] || "00:00"), allDay: !match[2] };
  }

  function rules(props) {
    var field = props.field, value = String(props.value || "").trim();
    var label = field.get("label");
    var after = field.get("kip_after");
    if (after && value) {
      var end = instant(value), start = instant(entryValue(props, after));
      if (end && start && (end.allDay || start.allDay ? end.day < start.day : end.key < start.key)) {
        return label + ": не може бути раніше за початок (" + entryValue(props, after) +
          "); виправте дату або час.";
      }
    }
    var needs = field.get("kip_required_with");
    if (needs && !value && entryValue(props, needs)) {
      return label + ": обов’язковий, коли є зображення; опишіть, що на ньому, для людей, " +
        "які його не бачать (для кожної мови).";
    }
    var others = otherLanguages(props);
    for (var i = 0; i < others.length; i++) {
      var other = entryValue(props, field.get("name"), others[i]);
      var lang = others[i].toUpperCase();
      if (field.get("required") && !other) {
        return label + " (" + lang + "): обов’язкове поле і в цій мові; заповніть його " +
          "в колонці " + lang + ".";
      }
      if (needs && !other && entryValue(props, needs)) {
        return label + " (" + lang + "): обов’язковий, коли є зображення; опишіть його " +
          "й у колонці " + lang + ".";
      }
    }
    if (field.get("kip_unique") && props.entry && props.entry.get("newRecord")) {
      var taken = site.slugs[props.collection.get("name")] || [];
      if (!value) return label + ": обов’язкова для нового запису; напишіть її латиницею, " +
        "наприклад open-meeting-may.";
      if (taken.indexOf(value) !== -1) return label + ": «" + value + "» вже зайнята іншим " +
        "записом; оберіть іншу.";
    }
    return null;
  }

  /* The gate of `invoke edit` (plugins/editor/gate.py), for what decap-server has no
   * word for; absent on the published site's admin (GitHub). */
  function gate(action, params) {
    return fetch(site.gate, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: action, params: params })
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.error || r.statusText);
        return data;
      });
    });
  }

  function isValid() {
    var message = rules(this.props);
    return message ? { error: { message: message } } : true;
  }

  var TextControl = createClass({
    isValid: isValid,
    rename: function () {
      var p = this.props, collection = p.collection.get("name");
      var old = p.value || p.entry.get("slug");
      var fresh = window.prompt("Нова адреса сторінки, латиницею (наприклад open-meeting-june). " +
        "Стара адреса «" + old + "» і далі вестиме на цю сторінку.", old);
      if (!fresh || fresh === old) return;
      gate("kipRename", { collection: collection, old: old, new: fresh.trim() })
        .then(function () {
          window.alert("Адресу змінено на «" + fresh.trim() + "». Стара адреса веде на нову.");
          window.location.hash = "#/collections/" + collection + "/entries/" + fresh.trim();
          window.location.reload();
        }, function (error) { window.alert(error.message); });
    },
    render: function () {
      var p = this.props;
      var attrs = {
        type: "text", id: p.forID, className: p.classNameWrapper, value: p.value || "",
        onFocus: p.setActiveStyle, onBlur: p.setInactiveStyle,
        onChange: function (e) { p.onChange(e.target.value); }
      };
      if (p.field.get("kip_unique")) attrs["data-kip-required"] = "";
      if (p.field.get("kip_unique") && p.entry && !p.entry.get("newRecord")) {
        // A published address changes only with its redirect (`invoke rename`); an
        // address written nowhere but in the file name is shown, not written.
        attrs.readOnly = true;
        attrs.value = p.value || p.entry.get("slug") || "";
        attrs["aria-describedby"] = p.forID + "-fixed";
        return h("div", { className: "kip-fixed" }, h("input", attrs),
          h("p", { id: p.forID + "-fixed", className: "kip-note" },
            "Адреса вже опублікована. ",
            site.gate ? h("button", { type: "button", className: "kip-button",
                                      onClick: this.rename }, "Змінити адресу…")
              : "Змінити її можна командою invoke rename: стара адреса вестиме на нову."));
      }
      return h("input", attrs);
    }
  });

  function TextPreview(props) { return h("span", {}, props.value || ""); }

  /* A date and an optional time (Kyiv time), written as the checks read them:
   * `2027-05-20 15:00`, or `2027-05-20` for a whole day. A value the pickers cannot
   * show (an explicit offset) stays a text field. */
  var WHEN = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?$/;
  var WhenControl = createClass({
    getInitialState: function () {
      var match = WHEN.exec(String(this.props.value || ""));
      return { time: match && match[2] || "" };
    },
    isValid: isValid,
    change: function (day, time) {
      this.setState({ time: time });
      this.props.onChange(day ? (time ? day + " " + time : day) : "");
    },
    render: function () {
      var p = this.props, self = this, value = String(p.value || "");
      var match = WHEN.exec(value);
      if (value && !match) {
        return h("input", { type: "text", id: p.forID, className: p.classNameWrapper,
                            value: value, onChange: function (e) { p.onChange(e.target.value); } });
      }
      var day = match ? match[1] : "", time = match ? (match[2] || "") : this.state.time;
      return h("div", { className: "kip-when-pick " + p.classNameWrapper },
        h("input", { type: "date", id: p.forID, value: day, onFocus: p.setActiveStyle,
                     onBlur: p.setInactiveStyle,
                     onChange: function (e) { self.change(e.target.value, time); } }),
        h("input", { type: "time", value: time, "aria-label": p.field.get("label") + ": час",
                     onChange: function (e) { self.change(day, e.target.value); } }),
        h("span", { className: "kip-note" }, !day ? "оберіть дату; час за бажанням"
          : time ? "за київським часом" : "без часу: на весь день"));
    }
  });

  /* A series, from plain choices: every week on one weekday, so many times or until
   * a day; written as the RRULE the events plugin reads. Any other rule is shown as
   * written, in a text field. */
  var WEEKDAYS = [["MO", "щопонеділка"], ["TU", "щовівторка"], ["WE", "щосереди"],
                  ["TH", "щочетверга"], ["FR", "щоп’ятниці"], ["SA", "щосуботи"],
                  ["SU", "щонеділі"]];
  var SIMPLE = /^(?:RRULE:)?FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU);(?:COUNT=(\d+)|UNTIL=(\d{4})(\d{2})(\d{2}))$/;
  var RecurrenceControl = createClass({
    isValid: isValid,
    render: function () {
      var p = this.props, value = String(p.value || "");
      var match = SIMPLE.exec(value);
      if (value && !match) {
        return h("input", { type: "text", id: p.forID, className: p.classNameWrapper,
                            value: value, onChange: function (e) { p.onChange(e.target.value); } });
      }
      var byday = match ? match[1] : "", count = match ? match[2] || "" : "";
      var until = match && match[3] ? match[3] + "-" + match[4] + "-" + match[5] : "";
      function write(next) {
        var d = next.byday, c = next.count, u = next.until;
        if (!d) { p.onChange(""); return; }
        p.onChange("FREQ=WEEKLY;BYDAY=" + d + ";" + (u ? "UNTIL=" + u.replace(/-/g, "")
                                                       : "COUNT=" + (c || 4)));
      }
      var state = { byday: byday, count: count, until: until };
      function set(key) {
        return function (e) {
          var next = Object.assign({}, state);
          next[key] = e.target.value;
          if (key === "count") next.until = "";
          if (key === "until") next.count = "";
          write(next);
        };
      }
      return h("div", { className: "kip-repeat " + p.classNameWrapper },
        h("select", { id: p.forID, value: byday, onChange: set("byday") },
          h("option", { value: "" }, "Не повторюється"),
          WEEKDAYS.map(function (w) {
            return h("option", { key: w[0], value: w[0] }, "Щотижня: " + w[1]);
          })),
        byday ? h("label", {}, "разів: ",
          h("input", { type: "number", min: 2, max: 200, value: count, onChange: set("count") }))
          : null,
        byday ? h("label", {}, "або до дати: ",
          h("input", { type: "date", value: until, onChange: set("until") })) : null);
    }
  });

  var widgetSchema = {
    properties: { kip_after: { type: "string" }, kip_required_with: { type: "string" },
                  kip_unique: { type: "boolean" } }
  };
  CMS.registerWidget("kip-string", TextControl, TextPreview, widgetSchema);
  CMS.registerWidget("kip-when", WhenControl, TextPreview, widgetSchema);
  CMS.registerWidget("kip-recurrence", RecurrenceControl, TextPreview, widgetSchema);

  /* The date line as the event page writes it (plugins/events/display.py), with the
   * language's Babel pattern and month names. */
  function day(lang, ymd) {
    var words = site.dates[lang] || site.dates.uk;
    var parts = ymd.split("-").map(Number);
    return words.pattern.replace(/d+|M+|y+/g, function (token) {
      if (token === "d") return String(parts[2]);
      if (token === "dd") return ("0" + parts[2]).slice(-2);
      if (token === "MMMM") return words.months[parts[1] - 1];
      if (token === "MM") return ("0" + parts[1]).slice(-2);
      return String(parts[0]);
    });
  }

  function addMinutes(key, minutes) {
    var d = new Date(key.replace(" ", "T") + ":00Z");
    d.setUTCMinutes(d.getUTCMinutes() + minutes);
    return d.toISOString().slice(0, 16).replace("T", " ");
  }

  function whenLine(lang, startText, endText) {
    var start = instant(startText);
    if (!start) return "";
    var end = instant(endText || "");
    if (start.allDay) {
      var last = end ? end.day : start.day;
      return last === start.day ? day(lang, start.day) : day(lang, start.day) + " – " + day(lang, last);
    }
    var endKey = end && !end.allDay ? end.key : addMinutes(start.key, site.default_duration || 120);
    var line = day(lang, start.day) + ", " + start.key.slice(11);
    if (endKey !== start.key) {
      line += endKey.slice(0, 10) === start.day ? "–" + endKey.slice(11)
        : " – " + day(lang, endKey.slice(0, 10)) + ", " + endKey.slice(11);
    }
    var words = site.dates[lang] || site.dates.uk;
    return line + " (" + words.kyiv_time + ")";
  }

  function previewLang(props) {
    var path = props.entry && props.entry.get("path") || "";
    var match = /\.([a-z]{2,3})\.md$/.exec(path);
    return props.locale || (match && match[1]) || site.languages[0];
  }

  /* The item's photo as its page shows it (theme/templates/partials/lists.html, hero). */
  function picture(p) {
    var image = p.entry.getIn(["data", "image"]);
    if (!image) return null;
    return h("figure", { className: "hero" },
      h("img", { src: String(p.getAsset(image)), alt: p.entry.getIn(["data", "image_alt"]) || "" }));
  }

  var EventPreview = createClass({
    render: function () {
      var p = this.props, get = function (name) { return entryValue(p, name); };
      var lang = previewLang(p);
      var place = [get("location"), get("address")].filter(Boolean).join(", ");
      return h("article", { className: "prose event", lang: lang },
        h("h1", {}, get("title")),
        h("dl", { className: "facts" },
          h("dt", {}, lang === "uk" ? "Коли" : "When"),
          h("dd", { className: "kip-when" }, whenLine(lang, get("start"), get("end"))),
          place ? h("dt", {}, lang === "uk" ? "Де" : "Where") : null,
          place ? h("dd", {}, place) : null),
        picture(p),
        p.widgetFor("body"));
    }
  });

  var ItemPreview = createClass({
    render: function () {
      var p = this.props;
      // As the pages show it: a course's summary under its title, the photo, the text.
      var course = p.collection.get("name") === "courses";
      return h("article", { className: "prose", lang: previewLang(p) },
        h("h1", {}, entryValue(p, "title")),
        course && entryValue(p, "summary") ? h("p", { className: "lead" }, entryValue(p, "summary"))
          : null,
        picture(p),
        p.widgetFor("body"));
    }
  });

  CMS.registerPreviewStyle("../theme/css/site.css");
  CMS.registerPreviewTemplate("events", EventPreview);
  ["news", "pages", "courses"].forEach(function (name) {
    CMS.registerPreviewTemplate(name, ItemPreview);
  });
})();
