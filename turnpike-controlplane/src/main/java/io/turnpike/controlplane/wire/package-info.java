/** The AWS wire format, read from botocore's service models: routing by URI template and input decoding. */
package io.turnpike.controlplane.wire;
