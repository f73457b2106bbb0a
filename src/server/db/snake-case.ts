// camelCase in the code, snake_case in the database. Kysely's CamelCasePlugin renames by rebuilding the whole
// operation tree of every query before it is compiled — a new frozen node for each of the hundreds of values of an
// intake batch (measured: 6.7% of the server's time under intake load, a third of all kysely's). Here the compiler
// renames each identifier as it writes it (the same rule, memoized, so the same names), and the plugin only maps
// the rows back. Applies to every query compiled for our dialects, withoutPlugins() ones too: their identifiers are
// snake_case already (catalogue names), which the rule leaves as they are.
import { CamelCasePlugin, PostgresQueryCompiler, type PluginTransformQueryArgs, type RootOperationNode } from 'kysely';

/** CamelCasePlugin for the rows only: snake_case keys of results become camelCase. */
export class CamelCaseRows extends CamelCasePlugin {
  override transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  /** The plugin's own renaming (memoized), for the compiler. */
  toSnakeCase(name: string): string {
    return this.snakeCase(name);
  }
}

const names = new CamelCaseRows();

export class SnakeCaseQueryCompiler extends PostgresQueryCompiler {
  protected override sanitizeIdentifier(identifier: string): string {
    return super.sanitizeIdentifier(names.toSnakeCase(identifier));
  }
}
