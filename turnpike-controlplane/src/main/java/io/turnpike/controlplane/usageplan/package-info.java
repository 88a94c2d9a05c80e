/**
 * Usage plans: the plans (API stages, throttle, quota, per-method throttles), the keys in each plan, and
 * the usage the data plane counts for them (GetUsage, UpdateUsage).
 */
package io.turnpike.controlplane.usageplan;
