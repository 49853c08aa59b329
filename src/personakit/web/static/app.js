// personakit: small progressive enhancements; every page also works without this file.
"use strict";
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
    el.form.submit();
  }
});

document.addEventListener("click", (event) => {
  const el = event.target instanceof Element ? event.target.closest("button") : null;
  if (!el) return;
  if (el.hasAttribute("data-print")) window.print();
  if (el.hasAttribute("data-toggle-evidence")) {
    const all = Array.from(document.querySelectorAll("details.statement"));
    const open = !all.every((d) => d.open);
    all.forEach((d) => { d.open = open; });
  }
  const question = el.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});

// The API reference: rendered from the app's own OpenAPI document (no CDN, no bundle).
function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

function schemaName(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.type === "array") return schemaName(schema.items) + "[]";
  return schema.type || "";
}

async function renderApiDocs(box) {
  const response = await fetch(box.getAttribute("data-openapi"));
  const spec = await response.json();
  box.replaceChildren();
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const section = document.createElement("section");
      section.className = "panel";
      section.append(text("h2", method.toUpperCase() + " " + path));
      if (op.summary) section.append(text("p", op.summary));
      const params = op.parameters || [];
      if (params.length) {
        const list = document.createElement("ul");
        params.forEach((p) => list.append(text("li",
          p.name + " (" + p.in + (p.required ? ", required" : "") + ") " + schemaName(p.schema))));
        section.append(list);
      }
      const body = op.requestBody && op.requestBody.content["application/json"];
      if (body) section.append(text("p", "Body: " + schemaName(body.schema)));
      const ok = op.responses && op.responses["200"];
      const content = ok && ok.content && ok.content["application/json"];
      if (content) section.append(text("p", "200: " + schemaName(content.schema)));
      box.append(section);
    }
  }
  const schemas = (spec.components && spec.components.schemas) || {};
  for (const [name, schema] of Object.entries(schemas)) {
    const details = document.createElement("details");
    details.append(text("summary", name));
    details.append(text("pre", JSON.stringify(schema.properties || schema, null, 2)));
    box.append(details);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("api-docs");
  if (box) renderApiDocs(box).catch(() => { box.textContent = "OpenAPI: /api/v1/openapi.json"; });
});
