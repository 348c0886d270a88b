// sdk/logical/response_util.go RespondWithStatusCode: a handler that answers with a status of
// its own writes the whole envelope itself (its body is sent as is, e.g. the 202 of a tidy).
import type { LogicalResponse } from '../logical/types.js';

export function respondWithStatusCode(status: number, requestId: string, warnings: string[]): LogicalResponse {
  return {
    status,
    raw: {
      body: {
        request_id: requestId, lease_id: '', renewable: false, lease_duration: 0, data: null, wrap_info: null,
        warnings: warnings.length > 0 ? warnings : null, auth: null,
      },
    },
  };
}
