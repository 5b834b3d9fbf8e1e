{
    "id": "${{AAD_APP_OBJECT_ID}}",
    "appId": "${{AAD_APP_CLIENT_ID}}",
    "name": "{{appName}}-aad",
    "accessTokenAcceptedVersion": 2,
    "signInAudience": "AzureADMyOrg",
    "optionalClaims": {
        "idToken": [],
        "accessToken": [
            {
                "name": "idtyp",
                "source": null,
                "essential": false,
                "additionalProperties": []
            }
        ],
        "saml2Token": []
    },
    "oauth2Permissions": [
        {
            "adminConsentDescription": "Lets the client call the API as the signed-in user.",
            "adminConsentDisplayName": "Call the API",
            "id": "${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}",
            "isEnabled": true,
            "type": "User",
            "value": "repairs_read"
        }
    ],
{{#MicrosoftEntra}}
    "preAuthorizedApplications": [
        {
            "appId": "ab3be6b7-f5df-413d-ac2d-abf1e3fd9c0b",
            "permissionIds": ["${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}"]
        }
    ],
{{/MicrosoftEntra}}
    "identifierUris": ["api://${{AAD_APP_CLIENT_ID}}"]
}
