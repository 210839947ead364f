public import Providers

/// How one AWS service is reached: its Query API version, signing name and host.
struct ServiceDescriptor: Sendable {
    /// The `Version` parameter of every call.
    let apiVersion: String
    /// The service name in the SigV4 credential scope.
    let signingName: String
    /// The first label of the host: `ec2` in `ec2.us-east-1.amazonaws.com`.
    let endpointPrefix: String
    /// The suffix of the service-specific endpoint variable, `AWS_ENDPOINT_URL_<suffix>`.
    let environmentSuffix: String

    static func of(_ service: AWSService) -> ServiceDescriptor {
        switch service {
        case .ec2: ServiceDescriptor(apiVersion: "2016-11-15", signingName: "ec2", endpointPrefix: "ec2", environmentSuffix: "EC2")
        case .autoscaling:
            ServiceDescriptor(apiVersion: "2011-01-01", signingName: "autoscaling", endpointPrefix: "autoscaling", environmentSuffix: "AUTO_SCALING")
        case .elasticloadbalancing:
            ServiceDescriptor(
                apiVersion: "2012-06-01", signingName: "elasticloadbalancing", endpointPrefix: "elasticloadbalancing",
                environmentSuffix: "ELASTIC_LOAD_BALANCING"
            )
        case .elasticloadbalancingv2:
            ServiceDescriptor(
                apiVersion: "2015-12-01", signingName: "elasticloadbalancing", endpointPrefix: "elasticloadbalancing",
                environmentSuffix: "ELASTIC_LOAD_BALANCING_V2"
            )
        }
    }
}

extension AWSService {
    /// The Query API version irun speaks to this service.
    public var apiVersion: String { ServiceDescriptor.of(self).apiVersion }
}
