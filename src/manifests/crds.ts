import { type KindRegistration } from '../rules/index.js';

type Schema = Record<string, unknown>;

// Types only: no formats, patterns or enums, so that bad values reach the webhook and are refused with its message.
const string: Schema = { type: 'string' };
const integer: Schema = { type: 'integer' };
const boolean: Schema = { type: 'boolean' };
const strings: Schema = { type: 'array', items: string };
const open = (properties: Record<string, Schema>): Schema => ({
  type: 'object', properties, 'x-kubernetes-preserve-unknown-fields': true,
});

const nodes: Schema = { type: 'array', items: open({ address: string, k8sIP: string }) };
const nodePoolSpec = open({ nodes, clusterName: string });
const familyBlock = open({ cidr: string, perNodeMaskSize: integer });

/** The fields the rules police (src/rules/objects.ts); everything else is kept as is. */
const SPEC_SCHEMAS: Record<string, Schema> = {
  Cluster: open({
    type: string,
    anthosBareMetalVersion: string,
    controlPlane: open({ nodePoolSpec, loadBalancer: open({ mode: string }) }),
    clusterNetwork: open({
      pods: open({ cidrBlocks: strings }),
      services: open({ cidrBlocks: strings }),
      flatIPv4: boolean,
      advancedNetworking: boolean,
      multipleNetworkInterfaces: boolean,
      forwardMode: string,
    }),
    loadBalancer: open({
      mode: string,
      type: string,
      ports: open({ controlPlaneLBPort: integer }),
      vips: open({ controlPlaneVIP: string, ingressVIP: string }),
      addressPools: {
        type: 'array',
        items: open({ name: string, addresses: strings, avoidBuggyIPs: boolean, manualAssign: boolean }),
      },
      nodePoolSpec,
      bgpPeers: { type: 'array', items: open({ ip: string, asn: integer, controlPlaneNodes: strings }) },
    }),
    nodeConfig: open({ podDensity: open({ maxPodsPerNode: integer }) }),
  }),
  NodePool: nodePoolSpec,
  ClusterCIDRConfig: open({ ipv4: familyBlock, ipv6: familyBlock, nodeSelector: open({}) }),
};

/**
 * Stand-ins for the product's CRDs, for test clusters (kind, minikube) only: a real GDC / Anthos bare-metal admin
 * cluster already has them, and applying these there would replace the product's schemas.
 */
export function renderCustomResourceDefinitions(registry: readonly KindRegistration[]): Record<string, unknown>[] {
  return registry.filter((registration) => SPEC_SCHEMAS[registration.kind] !== undefined).map((registration) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${registration.resource}.${registration.group}`,
      labels: { 'app.kubernetes.io/part-of': 'dualstack-webhook', 'dualstack-webhook/test-only': 'true' },
    },
    spec: {
      group: registration.group,
      names: {
        kind: registration.kind,
        listKind: `${registration.kind}List`,
        plural: registration.resource,
        singular: registration.kind.toLowerCase(),
      },
      scope: 'Namespaced',
      versions: [{
        name: registration.version,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: string, kind: string, metadata: { type: 'object' },
              spec: SPEC_SCHEMAS[registration.kind],
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      }],
    },
  }));
}
