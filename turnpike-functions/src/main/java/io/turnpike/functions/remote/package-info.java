/**
 * Lambda functions that run elsewhere: {@link io.turnpike.functions.remote.RemoteLambdaInvoker} calls
 * any endpoint that speaks Lambda's Invoke API (AWS itself, or an emulator), signed with SigV4, and
 * {@link io.turnpike.functions.remote.InvokerChain} tries local functions before remote ones.
 */
package io.turnpike.functions.remote;
