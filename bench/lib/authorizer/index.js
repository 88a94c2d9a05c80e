// The bench's Lambda TOKEN authorizer (bench/run.sh, tp-chain and tp-proxy-guarded): allows every
// method of the API for the one token the harness sends (BENCH_TOKEN, set at create-function), and
// answers "Unauthorized" (401 at the gateway) for any other. API Gateway caches the answer per token
// for the authorizer's TTL, so under load it is called once per TTL per stage.
exports.handler = async (event) => {
  if (event.type !== "TOKEN" || event.authorizationToken !== process.env.BENCH_TOKEN) {
    throw new Error("Unauthorized");
  }
  return {
    principalId: "bench",
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: "*" }],
    },
    context: { client: "bench" },
  };
};
