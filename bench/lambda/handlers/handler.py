# The benchmark's python function: a Lambda proxy handler that answers with a small JSON body built from
# the event, so the work per call is the same through the gateway and in the direct harness.
import json


def handler(event, context):
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"runtime": "python", "path": event["path"], "method": event["httpMethod"]}),
    }
