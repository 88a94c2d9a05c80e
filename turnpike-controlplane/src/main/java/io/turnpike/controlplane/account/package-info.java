/**
 * The account-wide settings of API Gateway in this region: the CloudWatch role stages log through, the
 * account throttle every stage falls back on, and the enabled features. {@code GetAccount} answers AWS's
 * defaults until {@code UpdateAccount} stores a change.
 */
package io.turnpike.controlplane.account;
