/**
 * The configuration of REST APIs ("apigateway" v1) as records. Each record has the JSON shape of the
 * management API's wire format, so the control plane serves it as stored and the data plane compiles
 * snapshots from the same values. Members are null where AWS omits them on the wire.
 */
package io.turnpike.model.rest;
