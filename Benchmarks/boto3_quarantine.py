#!/usr/bin/env python3
"""The ec2-quarantine steps as a plain, sequential boto3 script: the baseline irun is compared with.

    python3 Benchmarks/boto3_quarantine.py --endpoint http://127.0.0.1:5000 i-0abc... i-0def...
    python3 Benchmarks/boto3_quarantine.py --endpoint URL --instances-from ids.txt --json

For each instance, one after the other, what `irun execute ec2-quarantine` does:
  capture   DescribeInstances, DescribeNetworkInterfaces, DescribeVolumes, DescribeInstanceAttribute
            (termination protection, shutdown behaviour), DescribeAutoScalingInstances,
            DescribeLoadBalancers, DescribeTargetGroups + DescribeTargetHealth of each group;
  protect   ModifyInstanceAttribute for whichever of the two is not yet as wanted;
  detach    DetachInstances from each Auto Scaling group (desired capacity kept);
  deregister DeregisterInstancesFromLoadBalancer / DeregisterTargets where registered;
  isolate   every ENI to an allow-all group, then to a no-rule group (both made once per VPC);
  snapshot  CreateSnapshot of each volume (tagged on creation), DescribeSnapshots until completed;
  tag       CreateTags quarantine, -case, -run, -time on the instance.
It reuses what it captured for the instance (no re-describing between steps) and creates the two
groups once per VPC; it does not batch across instances, which is what a plain script does.

Every HTTP request is counted with a botocore event hook (`before-send`, so retries count too).
Prints the wall time and the call count (with --json: one JSON object on stdout).
"""
import argparse
import collections
import datetime
import json
import sys
import time
import uuid

import boto3


class Counter:
    def __init__(self):
        self.calls = collections.Counter()

    def __call__(self, request, **kwargs):
        # request.context["operation_name"] is unreliable across versions; the event name is not.
        self.calls[kwargs["event_name"].split(".", 2)[-1]] += 1


def make_clients(endpoint, region, counter):
    settings = dict(region_name=region)
    if endpoint:
        settings["endpoint_url"] = endpoint
    clients = {name: boto3.client(name, **settings) for name in ("ec2", "autoscaling", "elb", "elbv2")}
    for client in clients.values():
        client.meta.events.register("before-send", counter)
    return clients


def all_pages(client, operation, key, **kwargs):
    return [item for page in client.get_paginator(operation).paginate(**kwargs) for item in page[key]]


def security_groups(ec2, vpc, cache):
    """The allow-all and the no-rule group of a VPC, made on first use."""
    if vpc in cache:
        return cache[vpc]
    ids = []
    for name, allow in ((f"boto3-untrack-{vpc}", True), (f"boto3-quarantine-{vpc}", False)):
        found = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [name]}, {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
        if found:
            ids.append(found[0]["GroupId"])
            continue
        group = ec2.create_security_group(GroupName=name, Description="boto3 quarantine benchmark", VpcId=vpc)["GroupId"]
        everything = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
        if allow:
            ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=everything)
        else:
            ec2.revoke_security_group_egress(GroupId=group, IpPermissions=everything)
        ids.append(group)
    cache[vpc] = tuple(ids)
    return cache[vpc]


def quarantine(clients, instance_id, case, run, groups_cache):
    ec2, autoscaling, elb, elbv2 = clients["ec2"], clients["autoscaling"], clients["elb"], clients["elbv2"]
    # capture
    instance = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    attached = [{"Name": "attachment.instance-id", "Values": [instance_id]}]
    interfaces = ec2.describe_network_interfaces(Filters=attached)["NetworkInterfaces"]
    volumes = ec2.describe_volumes(Filters=attached)["Volumes"]
    protected = ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="disableApiTermination")["DisableApiTermination"]["Value"]
    behaviour = ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="instanceInitiatedShutdownBehavior")["InstanceInitiatedShutdownBehavior"]["Value"]
    memberships = autoscaling.describe_auto_scaling_instances(InstanceIds=[instance_id])["AutoScalingInstances"]
    balancers = [lb["LoadBalancerName"] for lb in all_pages(elb, "describe_load_balancers", "LoadBalancerDescriptions")
                 if any(i["InstanceId"] == instance_id for i in lb["Instances"])]
    targets = []
    for group in all_pages(elbv2, "describe_target_groups", "TargetGroups"):
        if group.get("TargetType", "instance") != "instance":
            continue
        for health in elbv2.describe_target_health(TargetGroupArn=group["TargetGroupArn"])["TargetHealthDescriptions"]:
            if health["Target"]["Id"] == instance_id and health["TargetHealth"]["State"] not in ("draining", "unused"):
                targets.append((group["TargetGroupArn"], health["Target"].get("Port", group.get("Port"))))
    # protect
    if not protected:
        ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiTermination={"Value": True})
    if behaviour != "stop":
        ec2.modify_instance_attribute(InstanceId=instance_id, InstanceInitiatedShutdownBehavior={"Value": "stop"})
    # detach
    for membership in memberships:
        autoscaling.detach_instances(InstanceIds=[instance_id], AutoScalingGroupName=membership["AutoScalingGroupName"],
                                     ShouldDecrementDesiredCapacity=False)
    # deregister
    for name in balancers:
        elb.deregister_instances_from_load_balancer(LoadBalancerName=name, Instances=[{"InstanceId": instance_id}])
    for arn, port in targets:
        elbv2.deregister_targets(TargetGroupArn=arn, Targets=[{"Id": instance_id, "Port": port}])
    # isolate
    untrack, no_rules = security_groups(ec2, instance["VpcId"], groups_cache)
    for interface in interfaces:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=interface["NetworkInterfaceId"], Groups=[untrack])
        ec2.modify_network_interface_attribute(NetworkInterfaceId=interface["NetworkInterfaceId"], Groups=[no_rules])
    # snapshot
    tags = [{"Key": "quarantine-case", "Value": case}, {"Key": "quarantine-run", "Value": run}]
    snapshots = [ec2.create_snapshot(VolumeId=volume["VolumeId"], Description=f"evidence of {instance_id}",
                                     TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags}])["SnapshotId"] for volume in volumes]
    while snapshots:
        states = [s["State"] for s in ec2.describe_snapshots(SnapshotIds=snapshots)["Snapshots"]]
        if all(state == "completed" for state in states):
            break
        if "error" in states:
            raise RuntimeError(f"a snapshot of {instance_id} failed")
        time.sleep(15)
    # tag
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "quarantine", "Value": "true"}, {"Key": "quarantine-case", "Value": case},
                                                   {"Key": "quarantine-run", "Value": run}, {"Key": "quarantine-time", "Value": now}])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("instances", nargs="*")
    parser.add_argument("--instances-from", help="a file with one instance id per line")
    parser.add_argument("--endpoint", help="endpoint URL (moto); default: AWS")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--case", default="BENCH-1")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args()
    instances = list(options.instances)
    if options.instances_from:
        with open(options.instances_from) as lines:
            instances += [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]
    if not instances:
        parser.error("no instances given")
    counter = Counter()
    clients = make_clients(options.endpoint, options.region, counter)
    run = f"boto3-{uuid.uuid4().hex[:8]}"
    groups_cache = {}
    started = time.perf_counter()
    for instance_id in instances:
        quarantine(clients, instance_id, options.case, f"{run}.{instance_id}", groups_cache)
    wall = time.perf_counter() - started
    calls = sum(counter.calls.values())
    if options.json:
        print(json.dumps({"instances": len(instances), "wall_seconds": wall, "calls": calls, "by_operation": dict(counter.calls)}))
    else:
        print(f"boto3: {len(instances)} instances quarantined in {wall:.2f} s with {calls} API calls ({wall / calls * 1000:.1f} ms per call)")
        for operation, count in sorted(counter.calls.items()):
            print(f"  {operation}: {count}")


if __name__ == "__main__":
    sys.exit(main())
