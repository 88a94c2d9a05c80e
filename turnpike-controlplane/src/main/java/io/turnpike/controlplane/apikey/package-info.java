/**
 * API keys: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey and ImportApiKeys (AWS's CSV file
 * format). Keys are global to the account; the data plane looks them up by a hash of their value.
 */
package io.turnpike.controlplane.apikey;
