/**
 * Wraps a D1 binding to count the statements sent through it, so a job can report (and a
 * test or the bench can print) how many queries a page of work costs.
 */
export interface QueryCount {
  queries: number;
}

export function countingD1(db: D1Database, counter: QueryCount): D1Database {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "prepare") {
        return (sql: string) => {
          counter.queries++;
          return target.prepare(sql);
        };
      }
      if (prop === "batch") {
        // A batch is one round trip, but its statements were already counted by prepare.
        return (statements: D1PreparedStatement[]) => target.batch(statements);
      }
      if (prop === "exec") {
        return (sql: string) => {
          counter.queries++;
          return target.exec(sql);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
