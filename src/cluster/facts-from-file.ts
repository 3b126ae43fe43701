import { type ClusterFacts } from '../rules/index.js';
import { readDocuments } from '../documents/documents.js';
import { factsFromDocuments } from '../documents/facts-from-documents.js';

/**
 * Cluster facts from `--cluster-config`: a bmctl cluster configuration and/or ServiceCIDR objects. Admission sees
 * objects one at a time, so the facts are not `complete` (D15: only warn).
 * Throws UnreadableInputError when the file cannot be read.
 */
export async function loadFactsFromFile(file: string): Promise<ClusterFacts> {
  const documents = await readDocuments([file]);
  return factsFromDocuments(documents.map((document) => document.content), false);
}
