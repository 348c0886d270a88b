// A handler that takes the mount's store, bound into the framework's handler shape.
import type { FieldData, FrameworkRequest, PathHandler } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { PkiStore } from './store.js';

export type Handler = (store: PkiStore, req: FrameworkRequest, d: FieldData) => Promise<LogicalResponse | null>;
export const bind = (store: PkiStore, fn: Handler): PathHandler => (req, d) => fn(store, req, d);
