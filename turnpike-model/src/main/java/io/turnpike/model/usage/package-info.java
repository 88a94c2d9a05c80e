/**
 * API keys, usage plans and the usage they count, as records. {@link io.turnpike.model.usage.ApiKey} and
 * {@link io.turnpike.model.usage.UsagePlan} have the management API's wire shape (the key's value is
 * stored with it and left out of answers unless asked for); {@link io.turnpike.model.usage.UsagePlanKeyLink}
 * and {@link io.turnpike.model.usage.UsageDay} are stored shapes of our own, never sent as they are.
 */
package io.turnpike.model.usage;
