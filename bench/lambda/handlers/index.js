// The benchmark's node function: a Lambda proxy handler that answers with a small JSON body built from
// the event, so the work per call is the same through the gateway and in the direct harness.
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ runtime: "node", path: event.path, method: event.httpMethod }),
});
