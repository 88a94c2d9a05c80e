// Turnpike's Node.js runtime client: speaks the Lambda Runtime API the way AWS's own client
// (aws-lambda-nodejs-runtime-interface-client) does, for the node the host finds on its PATH.
// It loads the handler named by _HANDLER from LAMBDA_TASK_ROOT, supports async and callback
// handlers, builds Lambda's context object and reports errors in Lambda's shape
// ({"errorType","errorMessage","trace"}).
'use strict';

const http = require('http');
const path = require('path');
const fs = require('fs');
const url = require('url');

const RUNTIME_API = process.env.AWS_LAMBDA_RUNTIME_API;
const [HOST, PORT] = RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const BASE = '/2018-06-01/runtime';

function request(method, p, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port: Number(PORT), method, path: BASE + p, agent, headers: headers || {} },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
    req.on('error', reject);
    if (body !== undefined) req.end(body); else req.end();
  });
}

function errorDocument(err) {
  if (err instanceof Error) {
    const name = err.name || 'Error';
    return {
      errorType: name,
      errorMessage: err.message === undefined ? '' : String(err.message),
      trace: typeof err.stack === 'string' ? err.stack.split('\n') : [],
    };
  }
  if (typeof err === 'string') return { errorType: 'string', errorMessage: err, trace: [] };
  let message;
  try { message = JSON.stringify(err); } catch (e) { message = String(err); }
  return { errorType: typeof err, errorMessage: message, trace: [] };
}

function runtimeError(type, message, cause) {
  const e = new Error(message);
  e.name = type;
  if (cause && cause.stack) e.stack = type + ': ' + message + '\n' + cause.stack.split('\n').slice(1).join('\n');
  return e;
}

function postJson(p, doc, errorType) {
  const body = Buffer.from(JSON.stringify(doc));
  const headers = { 'Content-Type': 'application/json', 'Content-Length': body.length };
  if (errorType) headers['Lambda-Runtime-Function-Error-Type'] = errorType;
  return request('POST', p, body, headers);
}

async function initError(err) {
  const doc = errorDocument(err);
  console.error(`${doc.errorType}: ${doc.errorMessage}`);
  try { await postJson('/init/error', doc, doc.errorType); } catch (e) { /* the host is gone */ }
  process.exit(129);
}

// "dir/sub/index.handler" -> module "dir/sub/index", property path "handler" (AWS splits the part
// after the last "/" at its first ".").
function splitHandler(handler) {
  const slash = handler.lastIndexOf('/');
  const dir = handler.substring(0, slash + 1);
  const rest = handler.substring(slash + 1);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler');
  return [dir + rest.substring(0, dot), rest.substring(dot + 1)];
}

async function loadModule(taskRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleName);
  for (const ext of ['.js', '.mjs', '.cjs']) {
    const file = base + ext;
    if (!fs.existsSync(file)) continue;
    try {
      if (ext === '.mjs') return await import(url.pathToFileURL(file).href);
      return require(file);
    } catch (err) {
      if (err instanceof SyntaxError) throw runtimeError('Runtime.UserCodeSyntaxError', `${err.name}: ${err.message}`, err);
      if (err && err.code === 'ERR_REQUIRE_ESM') return await import(url.pathToFileURL(file).href);
      if (err && err.code === 'MODULE_NOT_FOUND') throw runtimeError('Runtime.ImportModuleError', `Error: ${err.message}`, err);
      throw err;
    }
  }
  try {
    return require(base); // a directory with index.js or package.json
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND') {
      throw runtimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${__filename}`, err);
    }
    throw err;
  }
}

async function loadHandler() {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  const handlerString = process.env._HANDLER || '';
  const [moduleName, propertyPath] = splitHandler(handlerString);
  const mod = await loadModule(taskRoot, moduleName);
  let fn = mod;
  for (const part of propertyPath.split('.')) {
    fn = fn == null ? undefined : fn[part];
  }
  if (fn === undefined && mod && mod.default) {
    fn = mod.default;
    for (const part of propertyPath.split('.')) fn = fn == null ? undefined : fn[part];
  }
  if (fn === undefined) {
    throw runtimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof fn !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  return fn;
}

let current = null; // the invocation being run: { id, done }

function makeContext(headers, finish) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (h) => { if (!h) return undefined; try { return JSON.parse(h); } catch (e) { return undefined; } };
  const clientContext = headers['lambda-runtime-client-context'];
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    clientContext: parse(clientContext),
    identity: parse(headers['lambda-runtime-cognito-identity']),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: (err, result) => finish(err, result),
    succeed: (result) => finish(null, result),
    fail: (err) => finish(err || 'handled'),
  };
}

async function postResult(id, err, result) {
  if (err !== null && err !== undefined) {
    const doc = errorDocument(err);
    console.error(`Invoke Error \t${JSON.stringify(doc)}`);
    await postJson(`/invocation/${id}/error`, doc, doc.errorType);
    return;
  }
  let body;
  try {
    body = JSON.stringify(result === undefined ? null : result);
  } catch (e) {
    const doc = errorDocument(runtimeError('Runtime.MarshalError', `Unable to stringify response body: ${e.message}`));
    await postJson(`/invocation/${id}/error`, doc, doc.errorType);
    return;
  }
  const buf = Buffer.from(body === undefined ? 'null' : body);
  const res = await request('POST', `/invocation/${id}/response`, buf, {
    'Content-Type': 'application/json',
    'Content-Length': buf.length,
  });
  if (res.status !== 202) console.error(`Response not accepted (${res.status}): ${res.body.toString()}`);
}

function runOne(handler, headers, eventBody) {
  return new Promise((resolve) => {
    const id = headers['lambda-runtime-aws-request-id'];
    let settled = false;
    const finish = (err, result) => {
      if (settled) return;
      settled = true;
      postResult(id, err, result).then(resolve, (e) => { console.error(e); resolve(); });
    };
    current = { id, finish };
    process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'] || '';
    let event;
    try {
      event = eventBody.length === 0 ? null : JSON.parse(eventBody.toString('utf8'));
    } catch (e) {
      finish(runtimeError('Runtime.UnmarshalError', `Unable to parse event: ${e.message}`));
      return;
    }
    const context = makeContext(headers, finish);
    const callback = (err, result) => finish(err === undefined ? null : err, result);
    try {
      const out = handler(event, context, callback);
      if (out && typeof out.then === 'function') {
        out.then((r) => finish(null, r), (e) => finish(e === undefined || e === null ? new Error(String(e)) : e));
      } else if (handler.length < 3) {
        finish(null, out);
      }
    } catch (e) {
      finish(e);
    }
  });
}

async function fatal(kind, err) {
  const doc = errorDocument(err);
  if (kind === 'Runtime.UnhandledPromiseRejection') {
    doc.errorType = kind;
    doc.errorMessage = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  console.error(`${doc.errorType}: ${doc.errorMessage}`);
  if (current) {
    try { await postJson(`/invocation/${current.id}/error`, doc, doc.errorType); } catch (e) { /* gone */ }
  }
  process.exit(kind === 'Runtime.UnhandledPromiseRejection' ? 128 : 129);
}

process.on('uncaughtException', (err) => { fatal('uncaughtException', err); });
process.on('unhandledRejection', (reason) => { fatal('Runtime.UnhandledPromiseRejection', reason); });

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (err) {
    await initError(err);
    return;
  }
  for (;;) {
    const next = await request('GET', '/invocation/next');
    if (next.status !== 200) {
      console.error(`Runtime API answered ${next.status} to /next: ${next.body.toString()}`);
      process.exit(1);
    }
    await runOne(handler, next.headers, next.body);
    current = null;
  }
}

main();
