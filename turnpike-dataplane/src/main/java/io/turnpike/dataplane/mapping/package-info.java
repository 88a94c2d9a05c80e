/**
 * Mapping templates and parameter mapping: how a non-proxy integration reshapes a method request into
 * an integration request and an integration response into a method response, the way Amazon API
 * Gateway does it.
 *
 * <p>The API the pipeline uses is small: {@link io.turnpike.dataplane.mapping.TemplateEngine} compiles
 * Velocity (VTL) templates once per snapshot into {@link io.turnpike.dataplane.mapping.CompiledTemplate}s
 * that render a {@link io.turnpike.dataplane.mapping.TemplateInput} into a {@link
 * io.turnpike.dataplane.mapping.TemplateResult}; {@link io.turnpike.dataplane.mapping.ParameterMapping}
 * compiles {@code requestParameters}/{@code responseParameters} and applies them to a {@link
 * io.turnpike.dataplane.mapping.MappingSource}. The other public classes are public only because
 * Velocity reaches them by reflection: {@code InputVariable} and {@code UtilVariable} are what a
 * template sees as {@code $input} and {@code $util}, {@code MissingValue} is what {@code $input.path}
 * returns for a path that matches nothing, and {@code SandboxUberspector}, {@code CappedForeach} and
 * {@code BoundedEvaluate} are the engine plug-ins that keep a template inside its sandbox and budget.
 */
package io.turnpike.dataplane.mapping;
