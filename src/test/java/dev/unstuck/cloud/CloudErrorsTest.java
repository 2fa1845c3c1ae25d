package dev.unstuck.cloud;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloudErrorsTest {

    @ParameterizedTest(name = "{0} (HTTP {1}) is {2}")
    @CsvSource({
            "Throttling, 400, RETRYABLE",
            "Throttling.User, 400, RETRYABLE",
            "Throttling.Api, 400, RETRYABLE",
            "TaskConflict, 400, RETRYABLE",
            "IncorrectRouteEntryStatus, 400, RETRYABLE",
            "IncorrectVpcStatus, 400, RETRYABLE",
            "IncorrectStatus.RouteTableStatus, 400, RETRYABLE",
            "OperationFailed.DistibuteLock, 400, RETRYABLE",
            "OperationConflict, 400, RETRYABLE",
            "LastTokenProcessing, 400, RETRYABLE",
            "SystemBusy, 400, RETRYABLE",
            "Throttling.DeepPageSkip, 400, RETRYABLE",
            "InternalError, 500, RETRYABLE",
            "ServiceUnavailable, 503, RETRYABLE",
            "SomethingNew, 502, RETRYABLE",
            "SDK.ReadTimeout, 0, RETRYABLE",
            "SDK.ServerUnreachable, 0, RETRYABLE",
            "InvalidCIDRBlock.Duplicate, 400, ALREADY_DONE",
            "InvalidRouteEntry.Duplicate, 400, ALREADY_DONE",
            "RouteConflict.AlreadyExist, 400, ALREADY_DONE",
            "Duplicated.VpcNextHop, 400, ALREADY_DONE",
            "Forbidden.RAM, 403, PERMANENT",
            "QuotaExceeded, 400, PERMANENT",
            "InvalidInstanId.NotFound, 404, PERMANENT",
            "InvalidRouteTableId.NotFound, 404, PERMANENT",
            "InvalidNextHopId.NotFound, 404, PERMANENT",
            "IncorrectInstanceStatus, 400, PERMANENT",
            "InvalidCidrBlock.Malformed, 400, PERMANENT",
            "InvalidAccessKeyId.NotFound, 404, PERMANENT",
            "SignatureDoesNotMatch, 400, PERMANENT",
            "SDK.InvalidAccessKeySecret, 0, PERMANENT",
            "Unstuck.NoCredentials, 0, PERMANENT",
            "SomethingNew, 400, PERMANENT"
    })
    void codesAreClassifiedAsDocumented(String code, int status, CloudErrorClass expected) {
        assertThat(CloudErrors.classify(code, status, "m")).isEqualTo(expected);
    }

    @Test
    void missingRamPermissionNamesTheActionToGrant() {
        CloudException e = CloudErrors.exception("CreateRouteEntry", "Forbidden.RAM", 403,
                "User not authorized to operate on the specified resource.", "req-9", null);
        assertThat(e.getMessage()).contains("the RAM identity lacks permission vpc:CreateRouteEntry")
                .contains("Forbidden.RAM").contains("req-9").doesNotContain("\n");
        assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT);
        assertThat(e.requestId()).isEqualTo("req-9");
    }

    @Test
    void noCredentialsSaysWhichVariablesToSet() {
        CloudException e = CloudErrors.noCredentials("DescribeRouteEntryList", null);
        assertThat(e.getMessage()).contains("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE");
        assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT);
    }

    @Test
    void wrongSecretAndUnknownKeyPointAtTheirVariables() {
        assertThat(CloudErrors.exception("CreateRouteEntry", "SDK.InvalidAccessKeySecret", 0, "x", null, null)
                .getMessage()).contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        assertThat(CloudErrors.exception("CreateRouteEntry", "InvalidAccessKeyId.NotFound", 404, "x", null, null)
                .getMessage()).contains("ALIBABA_CLOUD_ACCESS_KEY_ID");
    }

    @Test
    void multiLineServerMessagesBecomeOneLine() {
        CloudException e = CloudErrors.exception("CreateRouteEntry", "InvalidCidrBlock.Malformed", 400,
                "bad\ncidr\r\n 10.0.0.0/33", null, null);
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r").contains("10.0.0.0/33");
    }
}
