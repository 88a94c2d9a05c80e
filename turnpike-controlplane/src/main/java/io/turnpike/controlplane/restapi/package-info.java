/** REST APIs themselves: create (with root resource and default models), read, list, patch, delete, clone. */
package io.turnpike.controlplane.restapi;
