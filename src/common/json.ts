/**
 * JSON as a jsonb column holds it. Not recursive on purpose: TypeORM's `QueryDeepPartialEntity`
 * (the type of `insert`/`update` values) recurses into every column's type, so a recursive JSON
 * type sends it into infinite depth, and `unknown` is not assignable to what it produces. A
 * value here is "anything but undefined", which is what JSON can hold.
 */
export type JsonValue = NonNullable<unknown> | null;
export type JsonObject = { [key: string]: JsonValue };
