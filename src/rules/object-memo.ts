import { type ClusterFacts } from './facts.js';

/**
 * Views of an object, computed once. Dozens of rules read the same few views of a Cluster, its old object and the
 * cluster facts in one review, and objects are never changed once decoded, so a view keyed by the object's identity
 * is the same as computing it again.
 *
 * Where views are kept: those of the facts' objects for as long as those facts are current (the facts change rarely;
 * a watch replaces the whole snapshot), those of the reviewed objects for one judgement, in plain Maps. Not in a
 * WeakMap per object: a review's objects are new every time, and a WeakMap entry per new object cost about 2 µs
 * (V8's ephemeron tables), more than the views themselves. Outside a judgement (a test calling a view directly) every
 * call computes. Measured on a Cluster UPDATE: issue 11's closing note.
 */
type Views = Map<unknown, Map<unknown, unknown>>;

interface FactsViews {
  readonly members: ReadonlySet<unknown>;
  readonly views: Views;
}

const viewsOfFacts = new WeakMap<ClusterFacts, FactsViews>();
let factsViews: FactsViews | undefined;
let judgementViews: Views | undefined;

function factsViewsFor(facts: ClusterFacts): FactsViews {
  let found = viewsOfFacts.get(facts);
  if (!found) {
    const members = new Set<unknown>([facts, ...facts.clusters, ...facts.nodePools, ...facts.clusterCidrConfigs, ...facts.serviceCidrs]);
    viewsOfFacts.set(facts, (found = { members, views: new Map() }));
  }
  return found;
}

/** Runs one judgement with its own views; those of the reviewed objects are dropped when it returns. */
export function withViews<T>(facts: ClusterFacts, judge: () => T): T {
  const outer = [factsViews, judgementViews] as const;
  factsViews = factsViewsFor(facts);
  judgementViews = new Map();
  try {
    return judge();
  } finally {
    [factsViews, judgementViews] = outer;
  }
}

/**
 * The views of one kind (`compute`) for these keys, or undefined outside a judgement. Only views of the facts' objects
 * alone outlive a judgement: one that also keys on a reviewed object would keep every review's object until the facts
 * change.
 */
function viewsFor(compute: unknown, first: unknown, second?: unknown): Map<unknown, unknown> | undefined {
  const ofFacts = factsViews !== undefined && factsViews.members.has(first) && (second === undefined || factsViews.members.has(second));
  const scope = ofFacts ? factsViews!.views : judgementViews;
  if (!scope) return undefined;
  let views = scope.get(compute);
  if (!views) scope.set(compute, (views = new Map()));
  return views;
}

export function viewPerObject<T, V>(compute: (value: T) => V): (value: T) => V {
  return (value) => {
    const views = typeof value === 'object' && value !== null ? viewsFor(compute, value) : undefined;
    if (!views) return compute(value);
    if (views.has(value)) return views.get(value) as V;
    const view = compute(value);
    views.set(value, view);
    return view;
  };
}

/** The same for a view of two values (a Cluster and the facts around it, a list and its field path). */
export function viewPerObjectPair<A, B, V>(compute: (first: A, second: B) => V): (first: A, second: B) => V {
  return (first, second) => {
    const views = viewsFor(compute, first, second);
    if (!views) return compute(first, second);
    let inner = views.get(first) as Map<B, V> | undefined;
    if (!inner) views.set(first, (inner = new Map()));
    if (inner.has(second)) return inner.get(second) as V;
    const view = compute(first, second);
    inner.set(second, view);
    return view;
  };
}
