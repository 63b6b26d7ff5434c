/* Pelican's `Key: value` header as a Decap CMS file format.
 *
 * Read the way the content checks read it (plugins/checks/sources.py): `Key: value`
 * lines up to the first blank line, continuation lines indented four spaces. Each
 * field remembers the exact lines it came from, so saving a file writes back every
 * field that was not changed byte for byte, in its own order and spelling: an
 * unchanged file stays identical, one changed field changes one line.
 *
 * Loaded by admin/index.html; `node` loads it too, for the tests.
 */
(function (root) {
  "use strict";

  var KEY = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var CONTINUATION = /^[ ]{4,}(.*)$/;
  // Where a read file keeps its original lines; not a field of any form.
  var SOURCE = "_pelican_source";

  function lineAt(text, pos) {
    var nl = text.indexOf("\n", pos);
    var end = nl === -1 ? text.length : nl + 1;
    return { text: text.slice(pos, nl === -1 ? text.length : nl).replace(/\r$/, ""), end: end };
  }

  function fromFile(text) {
    var data = {};
    var order = [];
    var current = null;
    var pos = 0;
    while (pos < text.length) {
      var line = lineAt(text, pos);
      if (!line.text.trim()) break;
      var match = KEY.exec(line.text);
      if (current && !match && CONTINUATION.test(line.text)) {
        current.raw += text.slice(pos, line.end);
        current.value = (current.value + " " + line.text.trim()).trim();
      } else if (match) {
        current = { key: match[1], name: match[1].toLowerCase(), raw: text.slice(pos, line.end),
                    value: match[2].trim() };
        order.push(current);
      } else {
        break; // like Python-Markdown: the text starts at the first other line
      }
      pos = line.end;
    }
    var separator = "";
    if (pos < text.length && !lineAt(text, pos).text.trim()) {
      separator = text.slice(pos, lineAt(text, pos).end);
      pos = lineAt(text, pos).end;
    }
    order.forEach(function (field) { data[field.name] = field.value; });
    data.body = text.slice(pos);
    data[SOURCE] = { fields: order, separator: separator, body: data.body };
    return data;
  }

  // A form value as one header line's text: the header has no room for a newline.
  function shown(value) {
    if (value === undefined || value === null) return "";
    if (Array.isArray(value)) return value.map(shown).filter(Boolean).join(", ");
    return String(value).replace(/\s*\n\s*/g, " ").trim();
  }

  function keyOf(name) {
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function withNewline(text) {
    return text && text.slice(-1) !== "\n" ? text + "\n" : text;
  }

  function toFile(data, fieldsOrder) {
    var source = data[SOURCE] || { fields: [], separator: "\n", body: null };
    var header = "";
    var done = {};
    source.fields.forEach(function (field) {
      if (done[field.name]) return; // written twice: the checks say so; keep the last value once
      done[field.name] = true;
      var value = shown(data[field.name]);
      if (value === field.value) header = withNewline(header) + field.raw;
      else if (value) header = withNewline(header) + field.key + ": " + value + "\n";
    });
    var names = (fieldsOrder || []).concat(Object.keys(data));
    names.forEach(function (name) {
      if (done[name] || name === "body" || name === SOURCE) return;
      done[name] = true;
      var value = shown(data[name]);
      if (value) header = withNewline(header) + keyOf(name) + ": " + value + "\n";
    });
    var body = data.body === undefined || data.body === null ? "" : String(data.body);
    if (body === source.body) return header + source.separator + body;
    body = withNewline(body.replace(/\r\n/g, "\n"));
    return withNewline(header) + (body ? "\n" + body : "");
  }

  var api = { fromFile: fromFile, toFile: toFile, SOURCE: SOURCE };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.KipPelicanFormat = api;
})(this);
