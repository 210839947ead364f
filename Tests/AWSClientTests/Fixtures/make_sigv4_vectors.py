#!/usr/bin/env python3
"""Generates the golden vectors the AWSClient tests compare against, using botocore itself.

    python3 Tests/AWSClientTests/Fixtures/make_sigv4_vectors.py

writes two files next to this script:

* sigv4-vectors.json: requests signed by botocore.auth.SigV4Auth with fixed credentials at a
  fixed time; for each, the canonical request, the string to sign and the Authorization
  header botocore produced. The Swift signer must produce them byte for byte.
* query-vectors.json: the form parameters botocore's own Query / EC2 serializers produce for
  sample inputs of every operation irun calls, so the Swift encoder's list and structure
  flattening (`InstanceId.1`, `Filter.1.Value.1`, `Targets.member.1.Id`, ...) is checked
  against the SDK rather than against our reading of the API reference.

Nothing here talks to the network; the credentials are AWS's documented example keys.
"""

import datetime
import json
import os
from urllib.parse import parse_qsl, urlencode

import botocore
import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.serialize import create_serializer

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = datetime.datetime(2026, 11, 27, 3, 12, 0, tzinfo=datetime.timezone.utc)
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQExampleSessionToken+/="
FORM = "application/x-www-form-urlencoded; charset=utf-8"

# SigV4Auth reads the time through this module-level function; freeze it.
botocore.auth.get_current_datetime = lambda: FIXED_TIME

SESSION = botocore.session.get_session()
VERSIONS = {"ec2": "2016-11-15", "autoscaling": "2011-01-01", "elb": "2012-06-01", "elbv2": "2015-12-01"}


def serialized_body(service, operation, params):
    """The form pairs botocore would send for `operation` with `params`, in botocore's order."""
    model = SESSION.get_service_model(service)
    serializer = create_serializer(model.metadata["protocol"])
    request = serializer.serialize_to_request(params, model.operation_model(operation))
    return list(request["body"].items())


class RecordingSigV4Auth(botocore.auth.SigV4Auth):
    """SigV4Auth that keeps the canonical request and string to sign it computed while signing."""

    def canonical_request(self, request):
        self.recorded_canonical_request = super().canonical_request(request)
        return self.recorded_canonical_request

    def string_to_sign(self, request, canonical_request):
        self.recorded_string_to_sign = super().string_to_sign(request, canonical_request)
        return self.recorded_string_to_sign


def sign(name, method, url, service, region, headers, pairs=None, query=None, token=None, note=""):
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, token)
    body = urlencode(pairs, doseq=True) if pairs is not None else ""
    request = AWSRequest(method=method, url=url, data=body.encode() if body else b"", headers=dict(headers), params=query or {})
    signer = RecordingSigV4Auth(credentials, service, region)
    signer.add_auth(request)
    return {
        "name": name,
        "note": note,
        "method": method,
        "url": url,
        "service": service,
        "region": region,
        "time": FIXED_TIME.strftime("%Y%m%dT%H%M%SZ"),
        "accessKeyID": ACCESS_KEY,
        "secretAccessKey": SECRET_KEY,
        "sessionToken": token,
        "headers": [[k, v] for k, v in headers],
        "query": [[k, v] for k, v in (query or [])],
        "body": body,
        "canonicalRequest": signer.recorded_canonical_request,
        "stringToSign": signer.recorded_string_to_sign,
        "authorization": request.headers["Authorization"],
        "signedHeaders": {k: v for k, v in request.headers.items() if k in ("X-Amz-Date", "X-Amz-Security-Token")},
    }


def sigv4_vectors():
    ec2 = "https://ec2.us-east-1.amazonaws.com/"
    describe = serialized_body("ec2", "DescribeInstances", {
        "InstanceIds": ["i-0123456789abcdef0", "i-0fedcba9876543210"],
        "Filters": [{"Name": "tag:Name", "Values": ["web server*", "db/1"]}],
    })
    modify = serialized_body("ec2", "ModifyNetworkInterfaceAttribute", {
        "NetworkInterfaceId": "eni-0123456789abcdef0", "Groups": ["sg-0quarantine", "sg-0forensics"],
    })
    deregister = serialized_body("elbv2", "DeregisterTargets", {
        "TargetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/0123456789abcdef",
        "Targets": [{"Id": "i-0123456789abcdef0"}, {"Id": "i-0fedcba9876543210", "Port": 8080}],
    })
    detach = serialized_body("autoscaling", "DetachInstances", {
        "InstanceIds": ["i-0123456789abcdef0"], "AutoScalingGroupName": "web asg", "ShouldDecrementDesiredCapacity": False,
    })
    return [
        sign("ec2-describe-instances-post", "POST", ec2, "ec2", "us-east-1",
             [("Content-Type", FORM)], pairs=describe, note="EC2 Query POST with list and filter flattening"),
        sign("ec2-modify-interface-session-token", "POST", ec2, "ec2", "us-east-1",
             [("Content-Type", FORM)], pairs=modify, token=SESSION_TOKEN, note="temporary credentials: X-Amz-Security-Token is signed"),
        sign("ec2-get-query-string", "GET", ec2, "ec2", "us-east-1", [],
             query=[("Action", "DescribeInstances"), ("Version", "2016-11-15"), ("Filter.1.Name", "tag:Name"),
                    ("Filter.1.Value.1", "web server*/α"), ("InstanceId.1", "i-0123456789abcdef0")],
             note="GET: parameters in the canonical query string, sorted and RFC 3986 encoded"),
        sign("elbv2-deregister-targets", "POST", "https://elasticloadbalancing.eu-west-1.amazonaws.com/",
             "elasticloadbalancing", "eu-west-1", [("Content-Type", FORM)], pairs=deregister,
             note="ELBv2 signs as elasticloadbalancing; member lists"),
        sign("autoscaling-detach-instances", "POST", "https://autoscaling.ap-southeast-2.amazonaws.com/",
             "autoscaling", "ap-southeast-2", [("Content-Type", FORM)], pairs=detach, token=SESSION_TOKEN,
             note="Auto Scaling with a session token"),
        sign("ec2-endpoint-override", "POST", "http://127.0.0.1:5000/", "ec2", "us-east-1",
             [("Content-Type", FORM)], pairs=describe, note="endpoint override: the host header keeps the port"),
    ]


TG_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef"
# (id, botocore service, operation, parameters); the Swift test builds the same inputs by id.
QUERY_CASES = [
    ("describeInstances", "ec2", "DescribeInstances", {"InstanceIds": ["i-1", "i-2"], "Filters": [{"Name": "instance-state-name", "Values": ["running", "stopped"]}, {"Name": "tag:Name", "Values": ["web"]}], "NextToken": "tok"}),
    ("describeInstancesPaged", "ec2", "DescribeInstances", {"MaxResults": 5}),
    ("describeNetworkInterfaces", "ec2", "DescribeNetworkInterfaces", {"NetworkInterfaceIds": ["eni-1"], "Filters": [{"Name": "attachment.instance-id", "Values": ["i-1"]}], "MaxResults": 10, "NextToken": "n"}),
    ("describeSecurityGroups", "ec2", "DescribeSecurityGroups", {"GroupIds": ["sg-1", "sg-2"], "Filters": [{"Name": "vpc-id", "Values": ["vpc-1"]}]}),
    ("createSecurityGroup", "ec2", "CreateSecurityGroup", {"GroupName": "quarantine", "Description": "irun quarantine", "VpcId": "vpc-1", "TagSpecifications": [{"ResourceType": "security-group", "Tags": [{"Key": "irun:run", "Value": "r-1"}, {"Key": "Name", "Value": "q"}]}]}),
    ("authorizeSecurityGroupIngress", "ec2", "AuthorizeSecurityGroupIngress", {"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}], "UserIdGroupPairs": [{"GroupId": "sg-2"}]}]}),
    ("authorizeSecurityGroupEgress", "ec2", "AuthorizeSecurityGroupEgress", {"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]}),
    ("revokeSecurityGroupEgress", "ec2", "RevokeSecurityGroupEgress", {"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}, {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "192.168.0.0/16"}]}]}),
    ("modifyInstanceAttributeProtection", "ec2", "ModifyInstanceAttribute", {"InstanceId": "i-1", "DisableApiTermination": {"Value": True}}),
    ("modifyInstanceAttributeShutdown", "ec2", "ModifyInstanceAttribute", {"InstanceId": "i-1", "InstanceInitiatedShutdownBehavior": {"Value": "stop"}}),
    ("modifyInstanceAttributeGroups", "ec2", "ModifyInstanceAttribute", {"InstanceId": "i-1", "Groups": ["sg-1", "sg-2"]}),
    ("modifyNetworkInterfaceAttribute", "ec2", "ModifyNetworkInterfaceAttribute", {"NetworkInterfaceId": "eni-1", "Groups": ["sg-1", "sg-2"]}),
    ("describeVolumes", "ec2", "DescribeVolumes", {"VolumeIds": ["vol-1"], "Filters": [{"Name": "attachment.instance-id", "Values": ["i-1"]}], "MaxResults": 50, "NextToken": "v"}),
    ("createSnapshot", "ec2", "CreateSnapshot", {"VolumeId": "vol-1", "Description": "irun evidence: i-1 /dev/xvda", "TagSpecifications": [{"ResourceType": "snapshot", "Tags": [{"Key": "irun:incident", "Value": "INC-1"}]}]}),
    ("createSnapshots", "ec2", "CreateSnapshots", {"InstanceSpecification": {"InstanceId": "i-1"}, "Description": "irun evidence: volumes of i-1", "TagSpecifications": [{"ResourceType": "snapshot", "Tags": [{"Key": "irun:incident", "Value": "INC-1"}, {"Key": "irun:run", "Value": "r-1"}]}]}),
    ("describeSnapshots", "ec2", "DescribeSnapshots", {"SnapshotIds": ["snap-1"], "Filters": [{"Name": "volume-id", "Values": ["vol-1"]}], "OwnerIds": ["self"], "MaxResults": 10}),
    ("createTags", "ec2", "CreateTags", {"Resources": ["i-1", "vol-1"], "Tags": [{"Key": "irun:quarantined", "Value": "true"}, {"Key": "Empty", "Value": ""}]}),
    ("deleteTags", "ec2", "DeleteTags", {"Resources": ["i-1"], "Tags": [{"Key": "irun:quarantined"}, {"Key": "Owner", "Value": "me"}]}),
    ("describeTags", "ec2", "DescribeTags", {"Filters": [{"Name": "resource-id", "Values": ["i-1", "i-2"]}, {"Name": "key", "Values": ["quarantine-run"]}], "MaxResults": 10, "NextToken": "t"}),
    ("stopInstances", "ec2", "StopInstances", {"InstanceIds": ["i-1", "i-2"], "Force": True}),
    ("describeInstanceAttribute", "ec2", "DescribeInstanceAttribute", {"InstanceId": "i-1", "Attribute": "disableApiTermination"}),
    ("describeAutoScalingInstances", "autoscaling", "DescribeAutoScalingInstances", {"InstanceIds": ["i-1", "i-2"], "MaxRecords": 50, "NextToken": "a"}),
    ("describeAutoScalingGroups", "autoscaling", "DescribeAutoScalingGroups", {"AutoScalingGroupNames": ["web-asg"], "MaxRecords": 100}),
    ("detachInstances", "autoscaling", "DetachInstances", {"InstanceIds": ["i-1", "i-2"], "AutoScalingGroupName": "web-asg", "ShouldDecrementDesiredCapacity": False}),
    ("attachInstances", "autoscaling", "AttachInstances", {"InstanceIds": ["i-1"], "AutoScalingGroupName": "web-asg"}),
    ("describeLoadBalancers", "elb", "DescribeLoadBalancers", {"LoadBalancerNames": ["web-clb", "api-clb"], "PageSize": 400, "Marker": "m"}),
    ("deregisterInstancesFromLoadBalancer", "elb", "DeregisterInstancesFromLoadBalancer", {"LoadBalancerName": "web-clb", "Instances": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]}),
    ("registerInstancesWithLoadBalancer", "elb", "RegisterInstancesWithLoadBalancer", {"LoadBalancerName": "web-clb", "Instances": [{"InstanceId": "i-1"}]}),
    ("describeTargetGroups", "elbv2", "DescribeTargetGroups", {"TargetGroupArns": [TG_ARN], "Names": ["web-tg"], "LoadBalancerArn": "arn:lb", "PageSize": 20, "Marker": "m"}),
    ("describeTargetHealth", "elbv2", "DescribeTargetHealth", {"TargetGroupArn": TG_ARN, "Targets": [{"Id": "i-1", "Port": 80}]}),
    ("deregisterTargets", "elbv2", "DeregisterTargets", {"TargetGroupArn": TG_ARN, "Targets": [{"Id": "i-1"}, {"Id": "i-2", "Port": 8080}]}),
    ("registerTargets", "elbv2", "RegisterTargets", {"TargetGroupArn": TG_ARN, "Targets": [{"Id": "i-1"}]}),
]


def query_vectors():
    cases = []
    for case_id, service, operation, params in QUERY_CASES:
        pairs = serialized_body(service, operation, params)
        assert dict(pairs)["Version"] == VERSIONS[service], (service, dict(pairs)["Version"])
        # Round-trip through the form encoding botocore sends, so the vector is what goes on the wire.
        decoded = parse_qsl(urlencode(pairs, doseq=True), keep_blank_values=True)
        cases.append({"id": case_id, "service": service, "operation": operation, "parameters": [[k, v] for k, v in decoded]})
    return cases


def write(name, payload):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as handle:
        json.dump({"generator": "make_sigv4_vectors.py", "botocore": botocore.__version__, "vectors": payload},
                  handle, indent=2, ensure_ascii=False, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    write("sigv4-vectors.json", sigv4_vectors())
    write("query-vectors.json", query_vectors())
    print("wrote sigv4-vectors.json and query-vectors.json")
