/** The logger's request context over AsyncLocalStorage: Node hosts answer a lambda's requests concurrently. */
import { AsyncLocalStorage } from "node:async_hooks";
import type { RequestContext } from "../../shared/lambda/requestContext.ts";

export function asyncRequestContext(): RequestContext {
  const storage = new AsyncLocalStorage<string | null>();
  return {
    current: () => storage.getStore() ?? null,
    run: (requestId, work) => storage.run(requestId, work),
  };
}
