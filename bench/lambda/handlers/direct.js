// Direct baseline: the same handler called in-process from node's HTTP server, no gateway.
const http = require("http");
const { handler } = require("./index.js");
const port = Number(process.argv[2]);
http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const r = await handler({ path: req.url, httpMethod: req.method, body: Buffer.concat(chunks).toString() });
      res.writeHead(r.statusCode, r.headers);
      res.end(r.body);
    });
  })
  .listen(port, "127.0.0.1");
