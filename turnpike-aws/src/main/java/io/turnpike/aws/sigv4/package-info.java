/**
 * AWS Signature Version 4 verification: the server side of SigV4, as API Gateway checks it for AWS_IAM
 * methods and AWS's own endpoints check it for every control-plane call. {@link
 * io.turnpike.aws.sigv4.SigV4Verifier} takes a request as it arrived on the wire and answers either who
 * signed it or the rejection AWS would have sent; it is written from the specification and tested
 * against requests signed by botocore and by the AWS SDK for Java v2.
 */
package io.turnpike.aws.sigv4;
