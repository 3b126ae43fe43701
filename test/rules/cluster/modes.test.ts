import {
  assertAdmitted, assertClean, assertDenied, assertNotWarned, assertWarned, create, docCluster, update,
} from './support.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';

describe('C-41 flat IPv4 ignores pods.cidrBlocks', () => {
  it('warns when pods.cidrBlocks is set with flatIPv4: true', () => {
    const cluster = docCluster((c) => { c.spec.clusterNetwork!.flatIPv4 = true; });
    const judgement = create(cluster);
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-41', 'pods.cidrBlocks is ignored with flatIPv4: true');
  });

  it('does not warn when flat mode omits it', () => {
    assertNotWarned(create(docCluster((c) => { c.spec.clusterNetwork!.flatIPv4 = true; delete c.spec.clusterNetwork!.pods; })), 'C-41');
  });
});

describe('C-42 island mode needs pods.cidrBlocks', () => {
  it('denies a missing pod range in island mode at spec.clusterNetwork.pods.cidrBlocks', () => {
    const cluster = docCluster((c) => { delete c.spec.clusterNetwork!.pods; });
    assertDenied(create(cluster, { facts: factsFromDocuments([cluster], false) }), 'spec.clusterNetwork.pods.cidrBlocks', 'C-42',
      'Required value: island mode (flatIPv4 unset or false) uses it as the native routing CIDR');
  });

  it('admits it omitted in flat mode', () => {
    assertAdmitted(create(docCluster((c) => { c.spec.clusterNetwork!.flatIPv4 = true; delete c.spec.clusterNetwork!.pods; })));
  });
});

describe('C-43 flat mode with BGP needs companion objects', () => {
  const flatBgp = () => docCluster((c) => {
    c.spec.clusterNetwork!.flatIPv4 = true;
    c.spec.clusterNetwork!.advancedNetworking = true;
    delete c.spec.clusterNetwork!.pods;
  });

  it('warns on CREATE', () => {
    assertWarned(create(flatBgp()), 'C-43', 'NetworkGatewayGroup and FlatIPMode "default" and BGPPeers in cluster-dual-stack');
  });

  it('does not warn on UPDATE or for static flat mode', () => {
    assertNotWarned(update(flatBgp(), flatBgp()), 'C-43');
    assertNotWarned(create(docCluster((c) => { c.spec.clusterNetwork!.flatIPv4 = true; delete c.spec.clusterNetwork!.pods; })), 'C-43');
  });
});

describe('C-44 no multi-NIC in admin clusters', () => {
  const admin = (multiNic: boolean) => docCluster((c) => {
    c.spec.type = 'admin';
    c.spec.clusterNetwork!.multipleNetworkInterfaces = multiNic;
    delete c.spec.loadBalancer!.addressPools;
    delete c.spec.loadBalancer!.vips!.ingressVIP;
    c.spec.clusterNetwork!.services!.cidrBlocks = ['172.16.0.0/20'];
  });

  it('denies multipleNetworkInterfaces: true at spec.clusterNetwork.multipleNetworkInterfaces', () => {
    assertDenied(create(admin(true)), 'spec.clusterNetwork.multipleNetworkInterfaces', 'C-44', 'Forbidden: not allowed for admin clusters');
  });

  it('admits it off in an admin cluster and on in a user cluster', () => {
    assertAdmitted(create(admin(false)));
    assertClean(create(docCluster((c) => { c.spec.clusterNetwork!.multipleNetworkInterfaces = true; })));
  });
});

describe('C-45 GKE On-Prem API clients do not support dual-stack (annotation heuristic)', () => {
  const enrolled = () => docCluster((c) => {
    c.metadata!.annotations = { 'onprem.cluster.gke.io/user-cluster-resource-link': '//gkeonprem.googleapis.com/projects/p/locations/l/bareMetalClusters/dual-stack' };
  });

  it('warns for a dual-stack cluster managed by the GKE On-Prem API', () => {
    assertWarned(create(enrolled()), 'C-45', 'do not support dual-stack or flat IPv4; use bmctl');
  });

  it('does not warn for bmctl clusters or single-stack island clusters', () => {
    assertClean(create(docCluster()));
    assertNotWarned(create(docCluster((c) => {
      c.metadata!.annotations = { 'onprem.cluster.gke.io/user-cluster-resource-link': 'x' };
      c.spec.clusterNetwork!.services!.cidrBlocks = ['172.16.0.0/20'];
    })), 'C-45');
  });
});
