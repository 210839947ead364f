#!/usr/bin/env python3
"""Seeds a moto_server with a fleet for the quarantine benchmark, and prints what it made as JSON.

    python3 Benchmarks/moto_fleet.py --endpoint http://127.0.0.1:5000 --instances 50 [--reset]

One VPC with two subnets and a `web` security group; the instances (two EBS volumes each: the
root volume and an 8 GiB data volume) with mixed memberships, by index i:
  - Auto Scaling: i % 3 == 0 in asg-a, i % 3 == 1 in asg-b, i % 3 == 2 in none;
  - target groups: i % 2 == 0 in tg-a (port 80), i % 4 == 1 in tg-b (port 8080), else none;
  - the classic load balancer clb: i % 5 == 0.
--reset first empties the server (POST /moto-api/reset), so two seedings see the same world.
Names carry a random suffix, so several fleets can live on one server.

Output (stdout): {"instances": [...], "vpc": ..., "subnets": [...], "autoScalingGroups": {...},
"targetGroups": {...}, "loadBalancer": ..., "memberships": {instance: {...}}}.
"""
import argparse
import json
import sys
import urllib.request
import uuid

import boto3


def clients(endpoint, region):
    settings = dict(endpoint_url=endpoint, region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing")
    return (boto3.client("ec2", **settings), boto3.client("autoscaling", **settings),
            boto3.client("elb", **settings), boto3.client("elbv2", **settings))


def seed(endpoint, region, count):
    ec2, autoscaling, elb, elbv2 = clients(endpoint, region)
    suffix = uuid.uuid4().hex[:8]
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{n}.0/24", AvailabilityZone=f"{region}{zone}")["Subnet"]["SubnetId"]
        for n, zone in ((1, "a"), (2, "b"))
    ]
    web = ec2.create_security_group(GroupName=f"web-{suffix}", Description="bench web tier", VpcId=vpc)["GroupId"]
    instances = []
    for index in range(count):
        subnet = subnets[index % 2]
        reservation = ec2.run_instances(ImageId="ami-12c6146b", InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                        SubnetId=subnet, SecurityGroupIds=[web])
        instance = reservation["Instances"][0]
        volume = ec2.create_volume(AvailabilityZone=instance["Placement"]["AvailabilityZone"], Size=8)["VolumeId"]
        ec2.attach_volume(VolumeId=volume, InstanceId=instance["InstanceId"], Device="/dev/sdf")
        instances.append(instance["InstanceId"])

    autoscaling.create_launch_configuration(LaunchConfigurationName=f"bench-lc-{suffix}", ImageId="ami-12c6146b",
                                            InstanceType="t3.micro", SecurityGroups=[web])
    groups = {}
    for name, remainder in ((f"asg-a-{suffix}", 0), (f"asg-b-{suffix}", 1)):
        members = [i for n, i in enumerate(instances) if n % 3 == remainder]
        autoscaling.create_auto_scaling_group(AutoScalingGroupName=name, LaunchConfigurationName=f"bench-lc-{suffix}",
                                              MinSize=0, MaxSize=len(members) * 2 + 2, DesiredCapacity=0,
                                              HealthCheckType="EC2", VPCZoneIdentifier=",".join(subnets))
        for start in range(0, len(members), 20):
            autoscaling.attach_instances(AutoScalingGroupName=name, InstanceIds=members[start:start + 20])
        groups[name] = members

    target_groups = {}
    for name, port, chosen in ((f"tg-a-{suffix}", 80, lambda n: n % 2 == 0), (f"tg-b-{suffix}", 8080, lambda n: n % 4 == 1)):
        arn = elbv2.create_target_group(Name=name, Protocol="HTTP", Port=port, VpcId=vpc, TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        members = [i for n, i in enumerate(instances) if chosen(n)]
        if members:
            elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": i, "Port": port} for i in members])
        target_groups[arn] = members

    balancer = f"clb-{suffix}"
    elb.create_load_balancer(LoadBalancerName=balancer, Subnets=subnets,
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}])
    in_balancer = [i for n, i in enumerate(instances) if n % 5 == 0]
    if in_balancer:
        elb.register_instances_with_load_balancer(LoadBalancerName=balancer, Instances=[{"InstanceId": i} for i in in_balancer])

    memberships = {
        i: {
            "autoScalingGroups": [g for g, members in groups.items() if i in members],
            "targetGroups": [arn for arn, members in target_groups.items() if i in members],
            "loadBalancers": [balancer] if i in in_balancer else [],
        }
        for i in instances
    }
    return {"instances": instances, "vpc": vpc, "subnets": subnets, "securityGroup": web, "autoScalingGroups": groups,
            "targetGroups": target_groups, "loadBalancer": balancer, "memberships": memberships}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--instances", type=int, default=50)
    parser.add_argument("--reset", action="store_true", help="empty the moto server first")
    options = parser.parse_args()
    if options.reset:
        urllib.request.urlopen(urllib.request.Request(options.endpoint.rstrip("/") + "/moto-api/reset", method="POST"), timeout=30).read()
    json.dump(seed(options.endpoint, options.region, options.instances), sys.stdout)
    print()


if __name__ == "__main__":
    main()
