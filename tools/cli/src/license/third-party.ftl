<#-- licenses/THIRD-PARTY.txt of the release archive (license-maven-plugin's add-third-party) -->
<#function licenseFormat licenses>
    <#assign result = ""/>
    <#list licenses as license>
        <#assign result = result + "(" + license + ") "/>
    </#list>
    <#return result>
</#function>
Third-party components in lib/: ${dependencyMap?size}

jpki4j is licensed under the Apache License 2.0 (LICENSE). Every component below is under a
licence compatible with it: the build accepts only Apache-2.0, MIT (Bouncy Castle Licence) and
CC0-1.0, and fails on any other (see README.txt). JNA is dual-licensed, Apache-2.0 or
LGPL-2.1-or-later: it is used here under Apache-2.0.

<#list dependencyMap as e>
<#assign project = e.getKey()/>
<#assign licenses = e.getValue()/>
    ${licenseFormat(licenses)}${project.name} (${project.groupId}:${project.artifactId}:${project.version} - ${project.url!"no url defined"})
</#list>
