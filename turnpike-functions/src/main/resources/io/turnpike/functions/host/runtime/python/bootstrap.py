# Turnpike's Python runtime client: speaks the Lambda Runtime API the way AWS's own client
# (awslambdaric) does, for the python3 the host finds on its PATH. It imports the handler named by
# _HANDLER from LAMBDA_TASK_ROOT, builds Lambda's context object and reports errors in Lambda's
# shape ({"errorMessage","errorType","requestId","stackTrace"}).
import http.client
import importlib
import json
import os
import sys
import time
import traceback

_API = os.environ["AWS_LAMBDA_RUNTIME_API"]
_HOST, _PORT = _API.rsplit(":", 1)
_BASE = "/2018-06-01/runtime"
_conn = None


def _request(method, path, body=None, headers=None):
    global _conn
    for attempt in (0, 1):
        if _conn is None:
            _conn = http.client.HTTPConnection(_HOST, int(_PORT))
        try:
            _conn.request(method, _BASE + path, body=body, headers=headers or {})
            res = _conn.getresponse()
            return res.status, res.headers, res.read()
        except (http.client.HTTPException, ConnectionError):
            _conn.close()
            _conn = None
            if attempt == 1:
                raise


def _post_json(path, doc, error_type=None):
    body = json.dumps(doc).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if error_type:
        headers["Lambda-Runtime-Function-Error-Type"] = error_type
    return _request("POST", path, body, headers)


def _error_doc(error_type, message, request_id="", stack=None):
    return {
        "errorMessage": message,
        "errorType": error_type,
        "requestId": request_id,
        "stackTrace": stack or [],
    }


class _FaultError(Exception):
    def __init__(self, error_type, message, stack=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack = stack or []


def _load_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise _FaultError("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, e))
    modname = modname.replace("/", ".")
    try:
        module = importlib.import_module(modname)
    except ImportError as e:
        raise _FaultError("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(modname, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise _FaultError("Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(modname, e), trace)
    except Exception as e:
        stack = traceback.format_list(traceback.extract_tb(e.__traceback__)[1:])
        raise _FaultError(type(e).__name__, str(e), stack)
    try:
        return getattr(module, fname)
    except AttributeError:
        raise _FaultError("Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(fname, modname))


class LambdaContext:
    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = _parse(headers.get("Lambda-Runtime-Client-Context"))
        self.identity = _parse(headers.get("Lambda-Runtime-Cognito-Identity"))

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


def _parse(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def main():
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    handler_name = os.environ.get("_HANDLER", "")
    try:
        handler = _load_handler(handler_name)
    except _FaultError as f:
        doc = _error_doc(f.error_type, f.message, "", f.stack)
        print("[ERROR] {}: {}".format(f.error_type, f.message), flush=True)
        _post_json("/init/error", doc, f.error_type)
        sys.exit(1)
    while True:
        status, headers, body = _request("GET", "/invocation/next")
        if status != 200:
            print("Runtime API answered {} to /next: {}".format(status, body), flush=True)
            sys.exit(1)
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        os.environ["_X_AMZN_TRACE_ID"] = headers.get("Lambda-Runtime-Trace-Id") or ""
        try:
            event = json.loads(body) if body else None
            result = handler(event, LambdaContext(headers))
        except Exception as e:
            stack = traceback.format_list(traceback.extract_tb(e.__traceback__)[1:])
            doc = _error_doc(type(e).__name__, str(e), request_id, stack)
            print("[ERROR] {}: {}".format(type(e).__name__, e), flush=True)
            _post_json("/invocation/{}/error".format(request_id), doc, doc["errorType"])
            continue
        try:
            payload = json.dumps(result).encode("utf-8")
        except (TypeError, ValueError) as e:
            doc = _error_doc("Runtime.MarshalError", "Unable to marshal response: {}".format(e), request_id)
            _post_json("/invocation/{}/error".format(request_id), doc, doc["errorType"])
            continue
        status, _, answer = _request(
            "POST", "/invocation/{}/response".format(request_id), payload, {"Content-Type": "application/json"}
        )
        if status != 202:
            print("Response not accepted ({}): {}".format(status, answer.decode("utf-8", "replace")), flush=True)


if __name__ == "__main__":
    main()
