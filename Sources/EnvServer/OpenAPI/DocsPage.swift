/// `/docs`: one self-contained page (no CDN, no build step) that reads
/// `/openapi.json` and lists every route with its schemas, with a form to
/// try each one against this server.
enum DocsPage {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>codeenv API</title>
    <style>
      body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 2rem; color: #1d1d1f; }
      h1 { margin-bottom: .2rem; } .intro { white-space: pre-wrap; color: #444; }
      details { border: 1px solid #d0d0d7; border-radius: 6px; margin: .6rem 0; }
      summary { cursor: pointer; padding: .5rem .8rem; }
      .method { display: inline-block; min-width: 4rem; font-weight: 700; font-family: monospace; }
      .get { color: #0b6e4f; } .post { color: #9a4d00; }
      .body { padding: 0 .8rem .8rem; }
      pre, textarea { font: 13px/1.35 ui-monospace, monospace; background: #f5f5f7; border-radius: 4px; padding: .5rem; overflow: auto; }
      textarea { width: 100%; box-sizing: border-box; min-height: 5rem; border: 1px solid #ccc; }
      button { margin: .4rem .4rem .4rem 0; } label { font-size: 13px; }
    </style>
    </head>
    <body>
    <h1 id="title">codeenv</h1>
    <p class="intro" id="intro"></p>
    <div id="routes">Loading /openapi.json…</div>
    <script>
    "use strict";
    const pretty = (value) => JSON.stringify(value, null, 2);
    const element = (tag, attributes = {}, ...children) => {
      const node = document.createElement(tag);
      Object.assign(node, attributes);
      node.append(...children);
      return node;
    };

    function operationView(path, method, operation) {
      const output = element("pre", { textContent: "(no response yet)" });
      const body = element("textarea", { value: method === "post" ? "{}" : "" });
      const session = element("input", { placeholder: "X-Session-Id (optional)" });
      const send = async () => {
        const init = { method: method.toUpperCase(), headers: {} };
        if (method === "post") { init.body = body.value; init.headers["Content-Type"] = "application/json"; }
        if (session.value) { init.headers["X-Session-Id"] = session.value; }
        const response = await fetch(path, init);
        const text = await response.text();
        let shown = text;
        try { shown = pretty(JSON.parse(text)); } catch (_) { /* not JSON: show as is */ }
        output.textContent = `${response.status} ${response.statusText}\n${shown}`;
      };
      const parts = [element("p", { textContent: operation.summary || "" })];
      if (operation.requestBody) {
        const schema = operation.requestBody.content["application/json"].schema;
        parts.push(element("label", { textContent: "Request body schema" }), element("pre", { textContent: pretty(schema) }));
        parts.push(element("label", { textContent: "Request body" }), body);
      }
      if (operation.parameters) { parts.push(session); }
      const ok = operation.responses["200"];
      const media = ok && ok.content && Object.keys(ok.content)[0];
      if (media === "application/json") {
        parts.push(element("label", { textContent: "Response schema" }), element("pre", { textContent: pretty(ok.content[media].schema) }));
      }
      parts.push(element("button", { textContent: "Send", onclick: send }), output);
      return element("details", {},
        element("summary", {}, element("span", { className: `method ${method}`, textContent: method.toUpperCase() }), " ", path),
        element("div", { className: "body" }, ...parts));
    }

    async function main() {
      const document_ = await (await fetch("/openapi.json")).json();
      document.getElementById("title").textContent = document_.info.title;
      document.getElementById("intro").textContent = document_.info.description;
      const routes = document.getElementById("routes");
      routes.textContent = "";
      for (const [path, operations] of Object.entries(document_.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          routes.append(operationView(path, method, operation));
        }
      }
    }
    main().catch((error) => { document.getElementById("routes").textContent = `Could not load /openapi.json: ${error}`; });
    </script>
    </body>
    </html>
    """#
}
